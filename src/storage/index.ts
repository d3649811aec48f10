// The durable store: how the catalog (and, later, data) reaches the disk and comes back.
export { Store, StoreFormatError, FORMAT_VERSION, STORE_FILE, type DataWrite } from './store.js';
export * from './log-codec.js';
export { DataDirLockedError } from './lock.js';
