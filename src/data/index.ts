// Row data: typed columns and batches, shared by the engine, the store and the transports; the
// float16/bfloat16 codec.
export * from './columns.js';
export * from './rows.js';
export * from './half-floats.js';
