// The TypeScript client: MilvusClient (embedded or remote) and MilvusException.
export { MilvusClient, type ClientConfig, type CallBase } from './milvus-client.js';
export { MilvusException } from './exception.js';
export type { FieldSpec, QuickSetup } from './schema-builder.js';
export type { Row } from './rows.js';
