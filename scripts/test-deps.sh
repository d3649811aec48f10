#!/usr/bin/env bash
# The Debian packages the tests need beyond npm's: Debian's python3 with the libraries pymilvus
# imports (test/compat/pymilvus.test.ts runs pymilvus from ../shared/clients/python). Installed
# only when missing, so `npm test` sets up a fresh machine and costs nothing on the next run.
set -euo pipefail
if /usr/bin/python3 -c 'import grpc, google.protobuf, numpy, pandas, dateutil, pytz, dotenv' 2>/dev/null; then
  exit 0
fi
echo 'test-deps: installing python3 and the libraries pymilvus needs from Debian' >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  python3 python3-grpcio python3-protobuf python3-numpy python3-pandas python3-dateutil \
  python3-tz python3-six python3-dotenv > /dev/null
