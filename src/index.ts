// The elanus package: the engine, the server, and (in later work) the client.
export { Engine, type EngineOptions } from './engine/index.js';
export { startGrpcServer, type RunningGrpcServer, type GrpcServerOptions } from './server/grpc/server.js';
export { MilvusError, Code } from './errors.js';
export { DataType } from './catalog/index.js';
export { ELANUS_VERSION, MILVUS_COMPAT_VERSION } from './version.js';
