// The engine: collections at run time and the one API every transport calls.
export { Engine, type EngineOptions, type CollectionDescription } from './engine.js';
export { TimestampOracle, physicalMillis } from './tso.js';
export type { WriteRequest, DeleteRequest, QueryRequest, QueryResult, SearchRequest, SearchOutcome } from './data-requests.js';
export type { InsertResult } from './data-plane.js';
export type { Metric, QueryVector, Hits } from './search.js';
export type { RowRef, StoredBatch } from './collection-data.js';
export { gatherColumn, gatherDynamic } from './gather.js';
