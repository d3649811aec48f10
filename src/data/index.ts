// Row data: typed columns and batches, shared by the engine, the store and the transports.
export * from './columns.js';
export * from './rows.js';
