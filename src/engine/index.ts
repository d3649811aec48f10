// The engine: collections at run time and the one API every transport calls.
export { Engine, type EngineOptions, type CollectionDescription } from './engine.js';
export { TimestampOracle, physicalMillis } from './tso.js';
