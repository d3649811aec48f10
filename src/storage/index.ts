// The durable store: how the catalog (and, later, data) reaches the disk and comes back.
export { Store, StoreFormatError, FORMAT_VERSION, type DataWrite, type StoreOpenOptions } from './store.js';
export { DataDirError, STORE_FILE } from './data-dir.js';
export * from './log-codec.js';
export { DataDirLockedError } from './lock.js';
