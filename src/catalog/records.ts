// The catalog's records: what is stored, one record per database, collection and alias
// (docs/storage.md gives their on-disk layout). Timestamps are Milvus hybrid timestamps
// ((ms << 18) | logical) kept as decimal strings, because they exceed 2^53.
import type { CollectionSchema, KeyValue } from './schema.js';

export const DEFAULT_DATABASE = 'default';
export const DEFAULT_DATABASE_ID = 1;
export const DEFAULT_PARTITION = '_default';

export interface DatabaseRecord {
  id: number;
  name: string;
  createdTs: string;
  properties: KeyValue[];
}

export interface PartitionRecord {
  id: number;
  name: string;
  createdTs: string;
}

export type ConsistencyLevel = 'Strong' | 'Session' | 'Bounded' | 'Eventually' | 'Customized';

export interface CollectionRecord {
  id: number;
  dbId: number;
  name: string;
  schema: CollectionSchema;
  createdTs: string;
  /** Changes when the schema or properties change; clients compare it to refresh caches. */
  updateTs: string;
  shardsNum: number;
  consistencyLevel: ConsistencyLevel;
  properties: KeyValue[];
  numPartitions: number;
  partitions: PartitionRecord[];
  /**
   * The collection's indexes (catalog/indexes.ts). Optional: records written before indexes
   * existed have none, and read as "no index".
   */
  indexes?: IndexRecord[];
}

/** One index of a collection, as Milvus's datacoord keeps it (model.Index). */
export interface IndexRecord {
  /** indexID: from the catalog's id counter. */
  id: number;
  name: string;
  fieldId: number;
  /**
   * What the caller asked for, echoed by DescribeIndex (Milvus's UserIndexParams): the request's
   * extra_params as sent, or `[index_type=AUTOINDEX, metric_type=M]` for an automatic vector index.
   */
  userParams: KeyValue[];
  /**
   * The parameters the data plane builds with (Milvus's IndexParams): index_type resolved
   * (AUTOINDEX -> HNSW...), metric_type, the `params` JSON flattened into keys, dim added for vectors.
   */
  params: KeyValue[];
  /** True when the index type was chosen by Elanus (AUTOINDEX or no index_type). */
  isAutoIndex: boolean;
  /** For an automatic index: whether the caller named the metric (Milvus's UserAutoindexMetricTypeSpecified). */
  userMetricSpecified: boolean;
  createdTs: string;
}

export interface AliasRecord {
  dbId: number;
  name: string;
  /** The collection's id, not its name: a rename keeps the alias (docs/aliases.md). */
  collectionId: number;
  createdTs: string;
}

/** One change to the stored catalog. A catalog operation is a list of these, committed at once. */
export type Mutation =
  | { op: 'putDatabase'; record: DatabaseRecord }
  | { op: 'deleteDatabase'; id: number }
  | { op: 'putCollection'; record: CollectionRecord }
  | { op: 'deleteCollection'; id: number }
  | { op: 'putAlias'; record: AliasRecord }
  | { op: 'deleteAlias'; dbId: number; name: string }
  | { op: 'setNextId'; value: number }
  | { op: 'putAliasHistory'; record: AliasHistoryRecord }
  /** Forget history entries of versions up to and including `version` (retention). */
  | { op: 'pruneAliasHistory'; upToVersion: number };

/**
 * One alias change, kept for history and rollback. Every change of one call shares a version:
 * a single create/alter/drop/rollback has one entry, an atomic switch one per action.
 */
export interface AliasHistoryRecord {
  version: number;
  /** Position within its version (the action's index in a switch). */
  index: number;
  dbId: number;
  alias: string;
  action: 'create' | 'alter' | 'drop' | 'switch' | 'rollback';
  /** The collection the alias pointed at before (absent: the alias did not exist). */
  oldCollectionId?: number;
  oldCollection?: string;
  /** The collection it points at after (absent: the alias was dropped). */
  newCollectionId?: number;
  newCollection?: string;
  ts: string;
  /** Who made the change, when authentication is on. */
  user?: string;
}
