// Row data: typed columns and batches, shared by the engine, the store and the transports; the
// validation of an insert's columns against a schema; the float16/bfloat16 codec.
export * from './columns.js';
export * from './rows.js';
export * from './half-floats.js';
export { validateRows, JSON_MAX_LENGTH } from './validate-rows.js';
export { goJsonSyntaxError } from './go-json-errors.js';
export { parseTimestamptz } from './timestamptz.js';
export { selectRows } from './select.js';
export { zoneOffsetMinutes } from './timezone.js';
