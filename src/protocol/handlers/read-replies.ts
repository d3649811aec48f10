// The reply parts that Search, HybridSearch and Query share: output columns, group-by values and
// the iterator fields a reply gains (Milvus 2.6 internal/proxy/task_search.go, task_query.go).
import { DataType, primaryField, type CollectionSchema, type FieldSchema } from '../../catalog/index.js';
import type { Column } from '../../data/index.js';
import {
  gatherColumn,
  gatherDynamic,
  projectDynamic,
  resolveOutputFields,
  type Hits,
  type RowRef,
  type SearchOutcome,
} from '../../engine/index.js';
import { searchErrors } from '../../errors.js';
import { encodeFieldData } from '../field-data.js';
import type { CallContext, Reply } from '../handler.js';
import { isIterator } from '../search-request.js';

/** The reply columns of `rows`: the chosen fields, then `$meta` when dynamic keys were asked for. */
export function replyColumns(fields: FieldSchema[], dynamic: 'all' | string[] | undefined, rows: RowRef[]): unknown[] {
  const columns = new Map<string, Column>();
  for (const f of fields) columns.set(f.name, gatherColumn(f, rows));
  const meta = dynamic ? projectDynamic(gatherDynamic(rows), dynamic) : undefined;
  return encodeFieldData(fields, columns, meta);
}

/** `collection_id` as a search iterator sends it; 0 when absent or not an integer. */
function searchCollectionId(params: ReadonlyMap<string, string>): number {
  const id = Number(params.get('collection_id'));
  return Number.isInteger(id) ? id : 0;
}

/**
 * The fields a Search reply gains from an iterator, after the request ran: `results` for
 * SearchResultData, `outer` for SearchResults (session_ts).
 */
export function searchVariantReply(
  outcome: SearchOutcome,
  params: ReadonlyMap<string, string>,
  ctx: CallContext,
): { results: Reply; outer: Reply } {
  const sent = searchCollectionId(params);
  if (sent > 0 && sent !== outcome.collection.id) throw searchErrors.iteratorCollectionChanged(sent, outcome.collection.id);
  const extra: Reply = {};
  if (outcome.iterator) {
    extra.search_iterator_v2_results = { token: outcome.iterator.token, last_bound: outcome.iterator.lastBound };
  }
  return { results: extra, outer: isIterator(params) ? { session_ts: ctx.engine.allocTimestamp() } : {} };
}

/**
 * The group values of the hits: `group_by_field_value` (what Milvus 2.6 fills, pymilvus reads)
 * and `group_by_field_values` (what newer servers fill and the Node SDK 3 reads).
 */
function groupValueFields(field: FieldSchema, rows: RowRef[]): Reply {
  const columns = new Map<string, Column>([[field.name, gatherColumn(field, rows)]]);
  const [column] = encodeFieldData([field], columns);
  return { group_by_field_value: column, group_by_field_values: [column] };
}

/** What a SearchResultData carries besides the hits. */
export interface HitsReplyOptions {
  outputFields: readonly string[];
  topk: number;
  /** The hits' scores, flattened, as they travel (rounded when the request asked). */
  scores: number[];
  /** The group-by field of a grouped search: its values travel beside the hits. */
  groupBy?: FieldSchema;
}

/**
 * A SearchResultData of hits (Search and HybridSearch alike): ids, scores, per-query counts (one
 * Hits per query vector, so num_queries is the request's nq), the requested output columns and
 * the group values of a grouped search. The primary key column always travels: the Node SDK
 * builds each hit from the columns only.
 */
export function hitsReply(schema: CollectionSchema, hits: readonly Hits[], options: HitsReplyOptions): Reply {
  const pk = primaryField(schema);
  const out = resolveOutputFields(schema, options.outputFields, true);
  const rows = hits.flatMap((h) => h.refs);
  const ids = rows.map((r) => r.batch.pks[r.row]!);
  return {
    num_queries: String(hits.length),
    top_k: String(options.topk),
    fields_data: replyColumns(out.fields, out.dynamic, rows),
    scores: options.scores,
    ids: pk.dataType === DataType.Int64 ? { int_id: { data: ids.map(String) } } : { str_id: { data: ids as string[] } },
    topks: hits.map((h) => String(h.refs.length)),
    output_fields: out.names,
    primary_field_name: pk.name,
    ...(options.groupBy ? groupValueFields(options.groupBy, rows) : {}),
  };
}
