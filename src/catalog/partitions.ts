// Partitions in the catalog: create, drop, has, show. The checks follow Milvus 2.6's proxy
// (createPartitionTask, dropPartitionTask, hasPartitionTask, showPartitionsTask, validatePartitionTag)
// and rootcoord (broadcastCreatePartition, broadcastDropPartition) in their order. Every call
// accepts an alias for the collection and acts on the real collection.
import { partitionErrors } from '../errors.js';
import { IdAllocator, noChange, type Change, type Clock } from './change.js';
import { goTrimSpace } from './go-values.js';
import { requireCollection } from './collections.js';
import { MAX_NAME_BYTES, checkCollectionName } from './names.js';
import { DEFAULT_PARTITION, type CollectionRecord, type PartitionRecord } from './records.js';
import type { CatalogState } from './state.js';

/** rootCoord.maxPartitionNum's default. */
export const MAX_PARTITIONS = 1024;

/**
 * validatePartitionTag (strict): on the name trimmed as Go's strings.TrimSpace trims (a leading
 * byte-order mark stays); a digit may start the name and `-` may follow, although the texts say
 * otherwise. Plain errors (code 65535).
 */
export function checkPartitionName(raw: string): void {
  const name = goTrimSpace(raw);
  if (name === '') throw partitionErrors.nameEmpty(name);
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length > MAX_NAME_BYTES) throw partitionErrors.nameTooLong(name, MAX_NAME_BYTES);
  const isLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
  const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
  if (bytes[0] !== 0x5f && !isLetter(bytes[0]!) && !isDigit(bytes[0]!)) throw partitionErrors.nameFirstChar(name);
  for (let i = 1; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x5f && b !== 0x2d && !isLetter(b) && !isDigit(b)) throw partitionErrors.nameLaterChar(name);
  }
}

function hasPartitionKey(collection: CollectionRecord): boolean {
  return collection.schema.fields.some((f) => f.isPartitionKey);
}

/** Existing name: success, nothing changes (rootcoord ignores it). */
export function createPartition(state: CatalogState, clock: Clock, db: string, collectionName: string, partitionName: string): Change {
  checkCollectionName(collectionName);
  const collection = requireCollection(state, db, collectionName);
  if (hasPartitionKey(collection)) throw partitionErrors.createWithPartitionKey();
  checkPartitionName(partitionName);
  if (collection.partitions.some((p) => p.name === partitionName)) return noChange();
  if (collection.partitions.length >= MAX_PARTITIONS) {
    throw partitionErrors.tooMany(collection.partitions.length, MAX_PARTITIONS, collection.name);
  }
  const ids = new IdAllocator(state);
  const partition: PartitionRecord = { id: ids.allocate(), name: partitionName, createdTs: clock.now() };
  const updated: CollectionRecord = {
    ...collection,
    partitions: [...collection.partitions, partition],
    numPartitions: collection.partitions.length + 1,
  };
  return { mutations: [{ op: 'putCollection', record: updated }, ids.mutation()], result: undefined };
}

/**
 * A missing partition is success; a loaded one cannot be dropped (checked before the `_default`
 * rule, as the proxy checks before rootcoord).
 */
export function dropPartition(
  state: CatalogState,
  db: string,
  collectionName: string,
  partitionName: string,
  isLoaded: (collectionId: number, partition?: string) => boolean,
): Change {
  checkCollectionName(collectionName);
  const collection = requireCollection(state, db, collectionName);
  if (hasPartitionKey(collection)) throw partitionErrors.dropWithPartitionKey();
  checkPartitionName(partitionName);
  const partition = collection.partitions.find((p) => p.name === partitionName);
  if (partition && isLoaded(collection.id, partition.name)) throw partitionErrors.dropLoaded();
  if (partitionName === DEFAULT_PARTITION) throw partitionErrors.dropDefault();
  if (!partition) return noChange();
  const partitions = collection.partitions.filter((p) => p.id !== partition.id);
  const updated: CollectionRecord = { ...collection, partitions, numPartitions: partitions.length };
  return { mutations: [{ op: 'putCollection', record: updated }], result: undefined };
}

export function hasPartition(state: CatalogState, db: string, collectionName: string, partitionName: string): boolean {
  checkCollectionName(collectionName);
  checkPartitionName(partitionName);
  const collection = requireCollection(state, db, collectionName);
  return collection.partitions.some((p) => p.name === partitionName);
}

export interface PartitionListing {
  collection: CollectionRecord;
  partitions: PartitionRecord[];
}

/**
 * ShowPartitions. `inMemory`: only loaded partitions (each named one must exist and be loaded);
 * otherwise every partition, in creation order (partition_names do not filter, as in Milvus).
 */
export function showPartitions(
  state: CatalogState,
  db: string,
  collectionName: string,
  partitionNames: string[],
  inMemory: boolean,
  isLoaded: (collectionId: number, partition?: string) => boolean,
): PartitionListing {
  checkCollectionName(collectionName);
  if (inMemory) for (const name of partitionNames) checkPartitionName(name);
  const collection = requireCollection(state, db, collectionName);
  if (!inMemory) return { collection, partitions: collection.partitions };
  if (partitionNames.length === 0) {
    return { collection, partitions: collection.partitions.filter((p) => isLoaded(collection.id, p.name)) };
  }
  const named = partitionNames.map((name) => {
    const p = collection.partitions.find((x) => x.name === name);
    if (!p) throw partitionErrors.notFound(name);
    return p;
  });
  for (const p of named) if (!isLoaded(collection.id, p.name)) throw partitionErrors.notLoaded(p.id);
  return { collection, partitions: named };
}
