// The network server: the Milvus gRPC services (and Elanus's alias service) over node:http2.
export { startGrpcServer, type GrpcServerOptions, type RunningGrpcServer } from './grpc/server.js';
