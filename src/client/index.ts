// The TypeScript client: MilvusClient (embedded or remote) and MilvusException.
export {
  MilvusClient,
  RRFRanker,
  WeightedRanker,
  type ClientConfig,
  type CallBase,
  type Ranker,
  type SearchReq,
  type HybridSearchReq,
} from './milvus-client.js';
export { MilvusException } from './exception.js';
export type { FieldSpec, QuickSetup } from './schema-builder.js';
export type { Row, Int64Mode } from './rows.js';
export * from './orm/index.js';
