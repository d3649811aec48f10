// The gRPC server: MilvusService and ClientTelemetryService on @grpc/grpc-js. Every method of
// the service gets a handler: the built ones call the engine, the others answer a clear Status
// error naming the method (never UNIMPLEMENTED, which the Node SDK turns into a silent success).
import * as grpc from '@grpc/grpc-js';
import type { Engine } from '../../engine/index.js';
import { methodUnimplemented } from '../../errors.js';
import { ELANUS_ALIAS_SERVICE, ELANUS_ALIAS_SERVICE_NAME, MILVUS_SERVICE, TELEMETRY_SERVICE } from '../../protocol/descriptors.js';
import {
  MILVUS_SERVICE_NAME,
  TELEMETRY_SERVICE_NAME,
  aliasExtraHandlers,
  methodDispatch,
  milvusHandlers,
  telemetryHandlers,
} from '../../protocol/dispatch.js';
import type { CallContext, HandlerTable } from '../../protocol/handler.js';

const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

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
    const dispatch = methodDispatch(serviceName, method, table, log);
    if (dispatch.placement === undefined && !dispatch.handled) {
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
      impl[method] = (call: grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>) => {
        call.write(dispatch.fail(methodUnimplemented(method)));
        call.end();
      };
      continue;
    }
    const unary: UnaryImpl = (call, callback) => {
      dispatch.invoke(call.request, makeContext(call.metadata)).then(
        (reply) => callback(null, reply),
        (e: Error) => callback({ code: grpc.status.INTERNAL, details: e.message }),
      );
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
    ELANUS_ALIAS_SERVICE,
    buildImplementation(ELANUS_ALIAS_SERVICE, ELANUS_ALIAS_SERVICE_NAME, aliasExtraHandlers, makeContext, log),
  );
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
