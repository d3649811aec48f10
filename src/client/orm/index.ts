// The pymilvus-style ORM: named connections, utility functions and Collection objects, each call
// delegating to the MilvusClient of the connection it names (`using`, default 'default').
export {
  connections,
  Connections,
  ConnectionNotExistException,
  ConnectionConfigException,
  DEFAULT_URI,
  type ConnectOptions,
  type ConnectionConfig,
} from './connections.js';
export { utility, type UsingOptions, type LoadState } from './utility.js';
export {
  Collection,
  CollectionSchema,
  FieldSchema,
  SchemaNotReadyException,
  type CollectionOptions,
  type CollectionSchemaOptions,
  type FieldSchemaOptions,
  type Hit,
  type MutationResult,
  type QueryOptions,
  type SearchParams,
} from './collection.js';
