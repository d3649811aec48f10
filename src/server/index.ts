// The network server: the Milvus gRPC services (and Elanus's alias service) over node:http2.
export {
  DEFAULT_MAX_RECEIVE_BYTES,
  DEFAULT_MAX_SEND_BYTES,
  REQUEST_MEMORY_PER_MESSAGE,
  startGrpcServer,
  type GrpcServerOptions,
  type RunningGrpcServer,
} from './grpc/server.js';
export { TransportLimitError, transportLimits, type TransportLimitValues } from './grpc/transport-limits.js';
