// The durable store: how the catalog (and, later, data) reaches the disk and comes back.
export { Store, StoreFormatError, FORMAT_VERSION, STORE_FILE } from './store.js';
export { DataDirLockedError } from './lock.js';
