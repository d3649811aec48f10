// The elanus package: the TypeScript client (embedded or remote), the engine and the server.
export { MilvusClient, MilvusException, type ClientConfig } from './client/index.js';
export {
  connections,
  utility,
  Collection,
  CollectionSchema,
  FieldSchema,
  ConnectionNotExistException,
  ConnectionConfigException,
  SchemaNotReadyException,
} from './client/index.js';
export { Engine, type EngineOptions } from './engine/index.js';
export { startGrpcServer, type RunningGrpcServer, type GrpcServerOptions } from './server/index.js';
export { MilvusError, Code } from './errors.js';
export { DataType } from './catalog/index.js';
export { ELANUS_VERSION, MILVUS_COMPAT_VERSION } from './version.js';
