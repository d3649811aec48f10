// `elanus serve`: the engine on a data directory and the Milvus gRPC service in front of it.
// A start that fails leaves nothing behind: the arguments are checked first, then the port is
// bound, and only then is the data directory opened, and created if new (the store checks the
// path before it creates anything).
import { resolve } from 'node:path';
import type { Engine } from '../engine/index.js';
import type { RunningGrpcServer } from '../server/index.js';
import { ELANUS_VERSION } from '../version.js';
import { integerOption, parseCommand } from './args.js';
import { EXIT, UsageError } from './failures.js';
import { bindSocket } from './listen.js';

export const SERVE_USAGE = `Usage: elanus serve [--host HOST] [--port PORT] [--data DIR] [--alias-history-retention N] [--grpc-max-* BYTES]

Serves Milvus's gRPC protocol (and Elanus's alias service) with the data in DIR, created if it
does not exist. Stops cleanly on SIGTERM or SIGINT.

  --host  address to listen on (default 127.0.0.1; env ELANUS_HOST). Use 0.0.0.0 to accept
          connections from other machines.
  --port  Milvus gRPC port (default 19530; env ELANUS_PORT). 0 picks a free port.
  --data  data directory (default ./data; env ELANUS_DATA).
  --alias-history-retention  alias history versions kept (default 10000; env
          ELANUS_ALIAS_HISTORY_RETENTION).
  --grpc-max-recv-size  largest request message in bytes, compressed or inflated (default
          67108864, Milvus's proxy.grpc.serverMaxRecvSize; env ELANUS_GRPC_MAX_RECV_SIZE).
  --grpc-max-send-size  largest reply message in bytes (default 268435456, Milvus's
          proxy.grpc.serverMaxSendSize; env ELANUS_GRPC_MAX_SEND_SIZE).
  --grpc-max-request-memory  request bytes all running calls together may hold; a call past it
          is refused with RESOURCE_EXHAUSTED (default 4 x --grpc-max-recv-size; env
          ELANUS_GRPC_MAX_REQUEST_MEMORY). See docs/operations.md, "Limits".
  -h, --help  this text

Exit codes: 2 bad command line, 3 data directory unusable, 4 data directory in use, 5 cannot
listen (docs/operations.md, "Exit codes and errors").
`;

export async function serveCommand(args: string[]): Promise<void> {
  const parsed = parseCommand(
    'serve',
    args,
    {
      host: { type: 'string', default: process.env.ELANUS_HOST ?? '127.0.0.1' },
      port: { type: 'string', default: process.env.ELANUS_PORT ?? '19530' },
      data: { type: 'string', default: process.env.ELANUS_DATA ?? './data' },
      'alias-history-retention': { type: 'string', default: process.env.ELANUS_ALIAS_HISTORY_RETENTION ?? '10000' },
      'grpc-max-recv-size': { type: 'string', default: process.env.ELANUS_GRPC_MAX_RECV_SIZE ?? '' },
      'grpc-max-send-size': { type: 'string', default: process.env.ELANUS_GRPC_MAX_SEND_SIZE ?? '' },
      'grpc-max-request-memory': { type: 'string', default: process.env.ELANUS_GRPC_MAX_REQUEST_MEMORY ?? '' },
    },
    0,
  );
  if (parsed.help) {
    process.stdout.write(SERVE_USAGE);
    return;
  }
  const { values } = parsed;
  const host = values.host;
  if (host === '') throw new UsageError('--host must not be empty', 'serve');
  const port = integerOption(parsed, 'port', 0, 65535, 'ELANUS_PORT');
  if (values.data === '') throw new UsageError('--data must not be empty', 'serve');
  const dataDir = resolve(values.data);
  const retention = integerOption(parsed, 'alias-history-retention', 1, Number.MAX_SAFE_INTEGER, 'ELANUS_ALIAS_HISTORY_RETENTION');

  // Loaded once the arguments are known to be good: --help and mistakes answer at once.
  const [{ Engine }, { startGrpcServer, transportLimits, TransportLimitError }] = await Promise.all([
    import('../engine/index.js'),
    import('../server/index.js'),
  ]);
  let limits: ReturnType<typeof transportLimits>;
  try {
    limits = transportLimits(values);
  } catch (e) {
    if (e instanceof TransportLimitError) throw new UsageError(e.message, 'serve');
    throw e;
  }
  const socket = await bindSocket(host, port);
  let engine: Engine;
  try {
    engine = await Engine.open({ dataDir, aliasHistoryRetention: retention });
  } catch (e) {
    socket.close();
    throw e;
  }
  let server: RunningGrpcServer;
  try {
    server = await startGrpcServer(engine, { host, port, listening: socket, ...limits });
  } catch (e) {
    socket.close();
    await engine.close();
    throw e;
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`elanus: ${signal} received, shutting down\n`);
    void server
      .close()
      .then(() => engine.close())
      .then(
        () => process.exit(0),
        (e) => {
          process.stderr.write(`elanus: shutdown failed: ${(e as Error).message}\n`);
          process.exit(EXIT.failed);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // Only now say where we listen: whoever waits for this line may signal us right away.
  process.stdout.write(`elanus ${ELANUS_VERSION} listening on ${host}:${server.port} (Milvus gRPC), data in ${dataDir}\n`);
}
