#!/usr/bin/env node
// The `elanus` command. `elanus serve` runs the server: the engine on a data directory and the
// Milvus gRPC service in front of it.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../engine/index.js';
import { startGrpcServer, transportLimits } from '../server/index.js';
import { DataDirLockedError, StoreFormatError } from '../storage/index.js';
import { ELANUS_VERSION } from '../version.js';
import { AliasUsageError, aliasCommand } from './alias.js';
import { MilvusException } from '../client/index.js';

const USAGE = `Usage: elanus serve [--host HOST] [--port PORT] [--data DIR]
       elanus alias <command> ...   (elanus alias help)

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
`;

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string', default: process.env.ELANUS_HOST ?? '127.0.0.1' },
      port: { type: 'string', default: process.env.ELANUS_PORT ?? '19530' },
      data: { type: 'string', default: process.env.ELANUS_DATA ?? './data' },
      'alias-history-retention': { type: 'string', default: process.env.ELANUS_ALIAS_HISTORY_RETENTION ?? '10000' },
      'grpc-max-recv-size': { type: 'string', default: process.env.ELANUS_GRPC_MAX_RECV_SIZE },
      'grpc-max-send-size': { type: 'string', default: process.env.ELANUS_GRPC_MAX_SEND_SIZE },
      'grpc-max-request-memory': { type: 'string', default: process.env.ELANUS_GRPC_MAX_REQUEST_MEMORY },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got ${values.port}`);
  const dataDir = resolve(values.data!);

  const retention = Number(values['alias-history-retention']);
  if (!Number.isInteger(retention) || retention < 1) {
    throw new UsageError(`--alias-history-retention must be a positive integer, got ${values['alias-history-retention']}`);
  }
  const limits = transportLimits(values);
  const engine = await Engine.open({ dataDir, aliasHistoryRetention: retention });
  let server;
  try {
    server = await startGrpcServer(engine, { host: values.host!, port, ...limits });
  } catch (e) {
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
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // Only now say where we listen: whoever waits for this line may signal us right away.
  process.stdout.write(`elanus ${ELANUS_VERSION} listening on ${values.host}:${server.port} (Milvus gRPC), data in ${dataDir}\n`);
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      await serve(rest);
      return;
    case 'alias':
      await aliasCommand(rest);
      return;
    case 'version':
    case '--version':
      process.stdout.write(`elanus ${ELANUS_VERSION}\n`);
      return;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    default:
      throw new UsageError(`unknown command: ${command}\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof MilvusException) {
    process.stderr.write(`elanus: error ${e.code} (${e.errorCode}): ${e.reason}\n`);
  } else if (e instanceof DataDirLockedError || e instanceof StoreFormatError || e instanceof UsageError || e instanceof AliasUsageError) {
    process.stderr.write(`elanus: ${e.message}\n`);
  } else if ((e as NodeJS.ErrnoException)?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    process.stderr.write(`elanus: ${(e as Error).message}\n\n${USAGE}`);
  } else {
    process.stderr.write(`elanus: ${(e as Error)?.stack ?? String(e)}\n`);
  }
  process.exit(1);
});
