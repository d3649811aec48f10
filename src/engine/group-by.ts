// Grouping search (`group_by_field`, `group_size`, `strict_group_size`): the best hits per
// distinct value of a scalar field, as Milvus 2.6 computes them.
//
// Segcore (exec/operator/groupby/SearchGroupByOperator: GroupIteratorResult + GroupByMap) walks
// the hits best first and keeps a hit when its group is among the first `topk` groups seen and
// still holds fewer than `group_size` hits. It stops as soon as `topk` groups exist; with
// `strict_group_size` it goes on until each of those groups holds `group_size` hits (or the hits
// run out). A null value is a group of its own. The proxy (search_reduce_util.go,
// reduceSearchResultDataWithGroupBy) then skips the hits of the first `offset` groups and returns
// at most `limit` groups, each group's hits together, groups in the order of their best hit.
// Here the walk is the exact search in reduce order (ties by smaller primary key), one segment.
import { DataType, dataTypeName, type CollectionSchema, type FieldSchema } from '../catalog/index.js';
import { groupByErrors } from '../errors.js';
import type { CollectionData, RowRef } from './collection-data.js';
import { walkHits } from './ordered-hits.js';
import type { Hits, VectorSearch } from './vector-search.js';

export interface GroupBySpec {
  field: FieldSchema;
  groupSize: number;
  strictGroupSize: boolean;
}

export type GroupValue = boolean | number | bigint | string | null;

const GROUPABLE = new Set<DataType>([
  DataType.Bool,
  DataType.Int8,
  DataType.Int16,
  DataType.Int32,
  DataType.Int64,
  DataType.Timestamptz,
  DataType.VarChar,
]);

/** Milvus's `max_group_size` quota default (quotaAndLimits.limits.maxGroupSize). */
export const MAX_GROUP_SIZE = 1024;

/**
 * The group-by field of a request, as the proxy's parseGroupByInfo resolves it (the name must be
 * a schema field), with segcore's refusal of types it cannot group by.
 */
export function groupBySpec(schema: CollectionSchema, name: string, groupSize: number, strictGroupSize: boolean): GroupBySpec {
  const field = schema.fields.find((f) => f.name === name);
  if (!field) throw groupByErrors.fieldNotFound(name);
  if (groupSize <= 0) throw groupByErrors.groupSizeNotPositive(groupSize);
  if (groupSize > MAX_GROUP_SIZE) throw groupByErrors.groupSizeTooLarge(groupSize, MAX_GROUP_SIZE);
  if (!GROUPABLE.has(field.dataType)) throw groupByErrors.typeUnsupported(dataTypeName(field.dataType));
  return { field, groupSize, strictGroupSize };
}

/** The value a row groups under; null for a null value (its own group). */
export function groupValue(ref: RowRef, field: FieldSchema): GroupValue {
  const column = ref.batch.columns.get(field.name);
  if (!column) return null; // a field added after this batch was written
  if (column.valid && !column.valid[ref.row]) return null;
  switch (column.type) {
    case DataType.Bool:
      return column.data[ref.row] !== 0;
    case DataType.Int8:
    case DataType.Int16:
    case DataType.Int32:
    case DataType.Int64:
    case DataType.Timestamptz:
      return column.data[ref.row]!;
    case DataType.VarChar:
    case DataType.String:
      return column.data[ref.row] ?? null;
    default:
      return null;
  }
}

/**
 * Segcore's GroupByMap over hits already in reduce order: keeps a hit when its group is one of the
 * first `capacity` groups and not full; `enough()` tells when the walk may stop.
 */
class GroupByMap {
  private readonly counts = new Map<GroupValue, number>();
  private full = 0;

  constructor(
    private readonly capacity: number,
    private readonly groupSize: number,
    private readonly strict: boolean,
  ) {}

  enough(): boolean {
    if (this.counts.size !== this.capacity) return false;
    return !this.strict || this.full === this.capacity;
  }

  push(value: GroupValue): boolean {
    const n = this.counts.get(value);
    if (n === undefined && this.counts.size >= this.capacity) return false;
    if ((n ?? 0) >= this.groupSize) return false;
    this.counts.set(value, (n ?? 0) + 1);
    if ((n ?? 0) + 1 >= this.groupSize) this.full++;
    return true;
  }
}

export interface GroupedHits extends Hits {
  values: GroupValue[];
}

/**
 * One query's grouped hits before paging: segcore's walk with `topk` groups (limit + offset),
 * results in reduce order.
 */
export function groupedCandidates(data: CollectionData, search: VectorSearch, spec: GroupBySpec, topk: number): GroupedHits {
  const map = new GroupByMap(topk, spec.groupSize, spec.strictGroupSize);
  const out: GroupedHits = { refs: [], scores: [], values: [] };
  if (topk <= 0) return out;
  walkHits(data, search, topk * spec.groupSize, (ref, score) => {
    const value = groupValue(ref, spec.field);
    if (map.push(value)) {
      out.refs.push(ref);
      out.scores.push(score);
      out.values.push(value);
    }
    return !map.enough();
  });
  return out;
}

/**
 * The proxy's reduce of grouped hits (in reduce order): the first `offset` groups skipped, then
 * at most `limit` groups of at most `groupSize` hits, each group's hits together, groups in the
 * order of their best hit.
 */
export function pageGroups(hits: GroupedHits, limit: number, offset: number, groupSize: number): GroupedHits {
  const skipped = new Set<GroupValue>();
  const groups = new Map<GroupValue, number[]>();
  for (let i = 0; i < hits.refs.length; i++) {
    const value = hits.values[i]!;
    if (skipped.size < offset || skipped.has(value)) {
      skipped.add(value);
      continue;
    }
    const members = groups.get(value);
    if (!members) {
      if (groups.size >= limit) continue;
      groups.set(value, [i]);
    } else if (members.length < groupSize) {
      members.push(i);
    }
  }
  const out: GroupedHits = { refs: [], scores: [], values: [] };
  for (const members of groups.values()) {
    for (const i of members) {
      out.refs.push(hits.refs[i]!);
      out.scores.push(hits.scores[i]!);
      out.values.push(hits.values[i]!);
    }
  }
  return out;
}

/** Grouped search for every query of `search`: `limit` groups after `offset` groups. */
export function searchGrouped(data: CollectionData, search: VectorSearch, spec: GroupBySpec, limit: number, offset: number): GroupedHits[] {
  return search.queries.map((query) => {
    const candidates = groupedCandidates(data, { ...search, queries: [query] }, spec, limit + offset);
    return pageGroups(candidates, limit, offset, spec.groupSize);
  });
}
