// The engine: collections at run time and the one API every transport calls.
export { Engine, type EngineOptions, type CollectionDescription } from './engine.js';
export { TimestampOracle, physicalMillis } from './tso.js';
export type { WriteRequest, DeleteRequest, QueryRequest, QueryResult } from './data-requests.js';
export type {
  GroupByRequest,
  GroupScorer,
  HybridSearchOutcome,
  HybridSearchRequest,
  IteratorRequest,
  QueryVectorSource,
  RankParams,
  Ranker,
  SearchOutcome,
  SearchRequest,
  VectorSearchRequest,
} from './search-request.js';
export { checkQueryDim, fieldDim, queryVectors } from './query-vectors.js';
export { widenQuery } from './vector-decode.js';
export type { InsertResult } from './data-plane.js';
export type { Metric, QueryVector, Hits } from './vector-search.js';
export type { RowRef, StoredBatch } from './collection-data.js';
export { gatherColumn, gatherDynamic } from './gather.js';
export { projectDynamic, resolveOutputFields, type OutputColumns } from './output-fields.js';
