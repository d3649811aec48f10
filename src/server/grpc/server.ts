// The gRPC server: MilvusService and ClientTelemetryService on @grpc/grpc-js. Every method of
// the service gets a handler: the built ones call the engine, the others answer a clear Status
// error naming the method (never UNIMPLEMENTED, which the Node SDK turns into a silent success).
import * as grpc from '@grpc/grpc-js';
import type { Engine } from '../../engine/index.js';
import { MilvusError, internalError, isMilvusError, methodUnimplemented } from '../../errors.js';
import type { CallContext, HandlerTable, Reply } from './handler.js';
import { aliasHandlers } from './handlers/aliases.js';
import { compactionHandlers, loadHandlers } from './handlers/load.js';
import { readHandlers } from './handlers/reads.js';
import { hybridHandlers } from './handlers/hybrid.js';
import { writeHandlers } from './handlers/writes.js';
import { collectionHandlers } from './handlers/collections.js';
import { databaseHandlers } from './handlers/databases.js';
import { indexHandlers } from './handlers/indexes.js';
import { partitionHandlers } from './handlers/partitions.js';
import { sessionHandlers, telemetryHandlers } from './handlers/session.js';
import { MILVUS_SERVICE, TELEMETRY_SERVICE, statusPlacement } from './protocol.js';
import { SUCCESS, errorStatus } from './status.js';

const MILVUS_SERVICE_NAME = 'milvus.proto.milvus.MilvusService';
const TELEMETRY_SERVICE_NAME = 'milvus.proto.milvus.ClientTelemetryService';
const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

export const milvusHandlers: HandlerTable = {
  ...sessionHandlers,
  ...databaseHandlers,
  ...collectionHandlers,
  ...aliasHandlers,
  ...indexHandlers,
  ...partitionHandlers,
  ...loadHandlers,
  ...compactionHandlers,
  ...writeHandlers,
  ...readHandlers,
  ...hybridHandlers,
};

export interface GrpcServerOptions {
  host: string;
  port: number;
  /** Where unexpected failures are reported (the reply says only what failed). */
  log?: (line: string) => void;
}

export interface RunningGrpcServer {
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Stops accepting calls, lets running calls finish (forcing after `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

type UnaryImpl = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => void;

function buildImplementation(
  service: grpc.ServiceDefinition,
  serviceName: string,
  table: HandlerTable,
  makeContext: (metadata: grpc.Metadata) => CallContext,
  log: (line: string) => void,
): grpc.UntypedServiceImplementation {
  const impl: grpc.UntypedServiceImplementation = {};
  for (const method of Object.keys(service)) {
    const placement = statusPlacement(serviceName, method);
    const handler = table[method];
    const reply = (result: Reply): unknown => (placement === 'bare' ? SUCCESS : { ...result, [placement ?? 'status']: SUCCESS });
    const fail = (error: MilvusError): unknown =>
      placement === 'bare' ? errorStatus(error) : { [placement ?? 'status']: errorStatus(error) };
    if (placement === undefined && !handler) {
      // A reply with no Status field cannot carry an error: say so with a gRPC status instead.
      impl[method] = (call: { emit?: unknown }, callback?: grpc.sendUnaryData<unknown>) => {
        const error = { code: grpc.status.UNIMPLEMENTED, details: methodUnimplemented(method).message };
        if (callback) callback(error);
        else (call as grpc.ServerWritableStream<unknown, unknown>).emit('error', error);
      };
      continue;
    }
    if (service[method]!.responseStream) {
      // Streaming methods (replication, message dumps) are not served: one message with the
      // error status, then the end of the stream.
      const streaming = (call: grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>) => {
        call.write(fail(methodUnimplemented(method)));
        call.end();
      };
      impl[method] = streaming;
      continue;
    }
    const unary: UnaryImpl = (call, callback) => {
      if (!handler) {
        callback(null, fail(methodUnimplemented(method)));
        return;
      }
      const respond = (result: Reply) => callback(null, reply(result));
      const reject = (e: unknown) => {
        if (isMilvusError(e)) {
          callback(null, fail(e));
          return;
        }
        log(`elanus: ${method} failed: ${(e as Error)?.stack ?? String(e)}`);
        callback(null, fail(internalError(`${method} failed inside Elanus: ${(e as Error)?.message ?? String(e)}`)));
      };
      try {
        const result = handler(call.request, makeContext(call.metadata));
        if (result instanceof Promise) result.then(respond, reject);
        else respond(result);
      } catch (e) {
        reject(e);
      }
    };
    impl[method] = unary;
  }
  return impl;
}

export function startGrpcServer(engine: Engine, options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    // Clients ping every 10 s even when idle; never answer that with GOAWAY.
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.http2.min_ping_interval_without_data_ms': 1000,
  });
  // Connect identifiers: unique per connection and non-zero; Milvus uses a timestamp.
  let lastIdentifier = Date.now();
  const makeContext = (metadata: grpc.Metadata): CallContext => ({
    engine,
    metadata,
    nextIdentifier: () => String(++lastIdentifier),
  });
  server.addService(MILVUS_SERVICE, buildImplementation(MILVUS_SERVICE, MILVUS_SERVICE_NAME, milvusHandlers, makeContext, log));
  server.addService(
    TELEMETRY_SERVICE,
    buildImplementation(TELEMETRY_SERVICE, TELEMETRY_SERVICE_NAME, telemetryHandlers, makeContext, log),
  );

  return new Promise((resolve, reject) => {
    server.bindAsync(`${options.host}:${options.port}`, grpc.ServerCredentials.createInsecure(), (err, port) => {
      if (err) {
        reject(err);
        return;
      }
      resolve({
        port,
        close: (graceMs = 5000) =>
          new Promise<void>((done) => {
            const timer = setTimeout(() => {
              server.forceShutdown();
              done();
            }, graceMs);
            server.tryShutdown(() => {
              clearTimeout(timer);
              done();
            });
          }),
      });
    });
  });
}
