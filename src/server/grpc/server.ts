// The gRPC server: MilvusService, Elanus's alias service and ClientTelemetryService, served by
// GrpcHttp2Server (gRPC on node:http2, grpc-http2-server.ts). Every method of the services gets
// a handler: the built ones call the engine, the others answer a clear Status error naming the
// method (never UNIMPLEMENTED, which the Node SDK turns into a silent success).
import type * as grpc from '@grpc/grpc-js';
import type * as net from 'node:net';
import type { Engine } from '../../engine/index.js';
import { methodUnimplemented } from '../../errors.js';
import {
  ELANUS_ALIAS_SERVICE,
  ELANUS_ALIAS_SERVICE_NAME,
  GrpcStatus,
  GrpcStatusError,
  MILVUS_SERVICE,
  MILVUS_SERVICE_NAME,
  TELEMETRY_SERVICE,
  TELEMETRY_SERVICE_NAME,
  aliasExtraHandlers,
  methodDispatch,
  milvusHandlers,
  telemetryHandlers,
  type CallContext,
  type HandlerTable,
  type RequestMetadata,
} from '../../protocol/index.js';
import type { ServiceRequests } from '../../protocol/index.js';
import { GrpcHttp2Server, type GrpcMethod } from './grpc-http2-server.js';

/** Milvus 2.6's proxy.grpc.serverMaxRecvSize default (milvus.yaml): 64 MiB. */
export const DEFAULT_MAX_RECEIVE_BYTES = 64 * 1024 * 1024;
/** Milvus 2.6's proxy.grpc.serverMaxSendSize default (milvus.yaml): 256 MiB. */
export const DEFAULT_MAX_SEND_BYTES = 256 * 1024 * 1024;
/** Request bytes all calls together may hold, as a multiple of the receive limit (Elanus's own). */
export const REQUEST_MEMORY_PER_MESSAGE = 4;

export interface GrpcServerOptions {
  host: string;
  port: number;
  /** A socket already listening on host:port, taken over instead of binding here (bind first, then open the engine). */
  listening?: net.Server;
  /** Largest request message, compressed or inflated (default DEFAULT_MAX_RECEIVE_BYTES). */
  maxReceiveBytes?: number;
  /** Largest reply message (default DEFAULT_MAX_SEND_BYTES). */
  maxSendBytes?: number;
  /** Request bytes all running calls together may hold (default REQUEST_MEMORY_PER_MESSAGE x maxReceiveBytes). */
  maxRequestMemoryBytes?: number;
  /** Where unexpected failures are reported (the reply says only what failed). */
  log?: (line: string) => void;
}

export interface RunningGrpcServer {
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Stops accepting calls, lets running calls finish (forcing after `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

/** Every method of `service`, by its path, answered through the dispatch of `table`. */
function addService<Service extends keyof ServiceRequests>(
  methods: Map<string, GrpcMethod>,
  service: grpc.ServiceDefinition,
  serviceName: Service,
  table: HandlerTable<ServiceRequests[Service]>,
  makeContext: (metadata: RequestMetadata) => CallContext,
  log: (line: string) => void,
): void {
  for (const [method, def] of Object.entries(service)) {
    const dispatch = methodDispatch(serviceName, method, table, log);
    const codec = { requestDeserialize: def.requestDeserialize, responseSerialize: def.responseSerialize };
    if (dispatch.placement === undefined && !dispatch.handled) {
      // A reply with no Status field cannot carry an error: say so with a gRPC status instead.
      const unimplemented = new GrpcStatusError(GrpcStatus.UNIMPLEMENTED, methodUnimplemented(method).message);
      const refuse = (): never => {
        throw unimplemented;
      };
      methods.set(def.path, { ...codec, invoke: () => Promise.reject(unimplemented), immediate: refuse });
      continue;
    }
    if (def.responseStream || def.requestStream) {
      // Streaming methods (replication, message dumps) are not served: one message with the
      // error status, then the end of the stream.
      const reply = dispatch.fail(methodUnimplemented(method));
      methods.set(def.path, { ...codec, invoke: () => Promise.resolve(reply), immediate: () => reply });
      continue;
    }
    methods.set(def.path, { ...codec, invoke: (request, metadata) => dispatch.invoke(request, makeContext(metadata)) });
  }
}

export async function startGrpcServer(engine: Engine, options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // Connect identifiers: unique per connection and non-zero; Milvus uses a timestamp.
  let lastIdentifier = Date.now();
  const makeContext = (metadata: RequestMetadata): CallContext => ({
    engine,
    metadata,
    nextIdentifier: () => String(++lastIdentifier),
  });
  const methods = new Map<string, GrpcMethod>();
  addService(methods, MILVUS_SERVICE, MILVUS_SERVICE_NAME, milvusHandlers, makeContext, log);
  addService(methods, ELANUS_ALIAS_SERVICE, ELANUS_ALIAS_SERVICE_NAME, aliasExtraHandlers, makeContext, log);
  addService(methods, TELEMETRY_SERVICE, TELEMETRY_SERVICE_NAME, telemetryHandlers, makeContext, log);
  const maxReceiveBytes = options.maxReceiveBytes ?? DEFAULT_MAX_RECEIVE_BYTES;
  const server = new GrpcHttp2Server(methods, {
    maxReceiveBytes,
    maxSendBytes: options.maxSendBytes ?? DEFAULT_MAX_SEND_BYTES,
    maxRequestMemoryBytes: options.maxRequestMemoryBytes ?? REQUEST_MEMORY_PER_MESSAGE * maxReceiveBytes,
    log,
  });
  const port = await server.listen(options.host, options.port, options.listening);
  return { port, close: (graceMs = 5000) => server.close(graceMs) };
}
