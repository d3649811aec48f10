// The catalog: databases, collections and their schemas, aliases. Rules only: nothing here knows
// about bytes on disk or sockets. Operations are pure functions from a CatalogState to a Change.
export * from './schema.js';
export * from './records.js';
export { CatalogState, type CatalogRecords } from './state.js';
export { type Change, type Clock, requireDatabase } from './change.js';
export * as aliases from './aliases.js';
export * as databases from './databases.js';
export * as collections from './collections.js';
export * as indexes from './indexes.js';
export * as partitions from './partitions.js';
export type { AliasDescription, AliasList } from './aliases.js';
export type { CreateCollectionRequest, RenameRequest } from './collections.js';
export type { CreateIndexRequest, IndexDescription, IndexState } from './indexes.js';
export type { PartitionListing } from './partitions.js';
export { checkCollectionName, checkAliasName, checkFieldName, checkDatabaseName } from './names.js';
export * as aliasSwitch from './alias-switch.js';
export type { AliasAction } from './alias-switch.js';
export { goTrimSpace, parseGoBool } from './go-values.js';
export { paramValue } from './index-params.js';
export * from './limits.js';
