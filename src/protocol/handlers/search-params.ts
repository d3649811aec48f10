// The search_params / query_params keys of grouping searches and iterators, and the reply fields
// they add, shared by the Search, Query and HybridSearch handlers.
//
// Keys and texts from Milvus 2.6 (internal/proxy/task.go, search_util.go parseSearchInfo /
// parseGroupByInfo / parseSearchIteratorV2Info, task_query.go parseQueryParams):
// `group_by_field`, `group_size` (default 1), `strict_group_size` (Go ParseBool, bad = false);
// `iterator` ("True"/"true"), `search_iter_v2`, `search_iter_batch_size`, `search_iter_id`,
// `search_iter_last_bound`, `collection_id`; for queries `iterator`, `reduce_stop_for_best`.
import type { FieldSchema } from '../../catalog/schema.js';
import type { Column } from '../../data/index.js';
import { gatherColumn, gatherDynamic, type RowRef, type SearchOutcome, type SearchRequest } from '../../engine/index.js';
import { projectDynamic } from '../../engine/output-fields.js';
import { Code, MilvusError, invalidParameter, invalidParameterRaw } from '../../errors.js';
import { encodeFieldData } from '../field-data.js';
import type { CallContext, Reply } from '../handler.js';

/** Go's strconv.ParseBool; undefined when the text is not a boolean. */
export function goBool(raw: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  return undefined;
}

function plain(message: string): MilvusError {
  return new MilvusError(Code.Unexpected, message);
}

/** The reply columns of `rows`: the chosen fields, then `$meta` when dynamic keys were asked for. */
export function replyColumns(fields: FieldSchema[], dynamic: 'all' | string[] | undefined, rows: RowRef[]): unknown[] {
  const columns = new Map<string, Column>();
  for (const f of fields) columns.set(f.name, gatherColumn(f, rows));
  const meta = dynamic ? projectDynamic(gatherDynamic(rows), dynamic) : undefined;
  return encodeFieldData(fields, columns, meta);
}

/** parseGroupByInfo: the group-by request of search_params (or of rank_params). */
export function groupByParams(params: ReadonlyMap<string, string>): SearchRequest['groupBy'] {
  const field = params.get('group_by_field');
  if (!field) return undefined;
  let groupSize = 1;
  const sizeRaw = params.get('group_size');
  if (sizeRaw !== undefined) {
    groupSize = Number(sizeRaw);
    if (sizeRaw.trim() === '' || !Number.isInteger(groupSize)) throw invalidParameter(`failed to parse input group size:${sizeRaw}`);
  }
  const strict = goBool(params.get('strict_group_size') ?? '') ?? false;
  return { field, groupSize, strictGroupSize: strict };
}

function isIterator(params: ReadonlyMap<string, string>): boolean {
  const raw = params.get('iterator');
  return raw === 'True' || raw === 'true';
}

/**
 * The grouping and iterator options of a Search request, to spread into the engine request
 * after `topk` and `offset` (an iterator v2 page is `search_iter_batch_size` hits).
 */
export function searchVariantParams(params: ReadonlyMap<string, string>, offset: number): Partial<SearchRequest> {
  const out: Partial<SearchRequest> = {};
  const groupBy = groupByParams(params);
  const iterator = isIterator(params);
  if (groupBy) {
    if (iterator) throw invalidParameterRaw('Not allowed to do groupBy when doing iteration: invalid parameter[expected=][actual=]');
    out.groupBy = groupBy;
  }
  if (!(goBool(params.get('search_iter_v2') ?? '') ?? false)) return out;
  const fail = 'parse iterator v2 info failed: ';
  if (!iterator) throw plain(`${fail}both iterator and search_iter_v2 must be set in the SDK`);
  if (offset > 0) {
    throw invalidParameterRaw(`${fail}Setting an offset is not permitted when using a search iterator v2: invalid parameter[expected=][actual=]`);
  }
  const token = params.get('search_iter_id') || undefined;
  const batchRaw = params.get('search_iter_batch_size') ?? '';
  if (batchRaw === '') throw plain(`${fail}batch size is required`);
  const batchSize = Number(batchRaw);
  if (!Number.isInteger(batchSize)) throw plain(`${fail}batch size is invalid, strconv.ParseInt: parsing "${batchRaw}": invalid syntax`);
  if (batchSize < 1 || batchSize > 16384) {
    throw plain(`${fail}batch size is invalid, it should be in range [1, 16384], but got ${batchSize}`);
  }
  const boundRaw = params.get('search_iter_last_bound') ?? '';
  let lastBound: number | undefined;
  if (boundRaw !== '') {
    lastBound = Number(boundRaw);
    if (Number.isNaN(lastBound)) throw plain(`${fail}failed to parse input last bound, strconv.ParseFloat: parsing "${boundRaw}": invalid syntax`);
    lastBound = Math.fround(lastBound);
  }
  out.topk = batchSize;
  out.iterator = { token, lastBound, batchSize };
  return out;
}

/** `collection_id` as the iterators send it; 0 when absent. */
function collectionIdParam(params: ReadonlyMap<string, string>, query: boolean): number {
  const raw = params.get('collection_id');
  if (raw === undefined) return 0;
  const id = Number(raw);
  if (!Number.isInteger(id)) {
    if (query) {
      throw new MilvusError(
        Code.ParameterInvalid,
        'value for collection id is invalid: invalid parameter[expected=int value for collection_id][actual=collection_id]',
      );
    }
    return 0;
  }
  return id;
}

/**
 * The fields a Search reply gains from grouping and iterators, after the request ran: `results`
 * for SearchResultData, `outer` for SearchResults (session_ts).
 */
export function searchVariantReply(outcome: SearchOutcome, params: ReadonlyMap<string, string>, ctx: CallContext): { results: Reply; outer: Reply } {
  const sent = collectionIdParam(params, false);
  if (sent > 0 && sent !== outcome.collection.id) {
    throw invalidParameter(
      `collection id:${sent} in the request is not consistent to that in the search context,alias or database may have been changed: ${outcome.collection.id}`,
    );
  }
  const extra: Reply = {};
  if (outcome.groupBy) Object.assign(extra, groupValueFields(outcome.groupBy, outcome.hits.flatMap((h) => h.refs)));
  if (outcome.iterator) {
    extra.search_iterator_v2_results = { token: outcome.iterator.token, last_bound: outcome.iterator.lastBound };
  }
  return { results: extra, outer: isIterator(params) ? { session_ts: ctx.engine.allocTimestamp() } : {} };
}

/**
 * The group values of the hits: `group_by_field_value` (what Milvus 2.6 fills, pymilvus reads)
 * and `group_by_field_values` (what newer servers fill and the Node SDK 3 reads).
 */
export function groupValueFields(field: FieldSchema, rows: RowRef[]): Reply {
  const columns = new Map<string, Column>([[field.name, gatherColumn(field, rows)]]);
  const [column] = encodeFieldData([field], columns);
  return { group_by_field_value: column, group_by_field_values: [column] };
}

/** parseQueryParams's checks of `reduce_stop_for_best`, `iterator` and `collection_id`. */
export function queryIteratorParams(params: ReadonlyMap<string, string>): { iterator: boolean; collectionId: number } {
  const check = (key: string, what: string): boolean => {
    const raw = params.get(key);
    if (raw === undefined) return false;
    const v = goBool(raw);
    if (v === undefined) {
      throw new MilvusError(Code.ParameterInvalid, `${what}: invalid parameter[expected=true or false][actual=${raw}]`);
    }
    return v;
  };
  check('reduce_stop_for_best', 'value for reduce_stop_for_best is invalid');
  const iterator = check('iterator', 'value for iterator field is invalid');
  return { iterator, collectionId: collectionIdParam(params, true) };
}

/** A query iterator pinned to a collection id that the name no longer resolves to. */
export function checkQueryCollection(sent: number, actual: number): void {
  if (sent > 0 && sent !== actual) {
    throw invalidParameter('Input collection id is not consistent to collectionID in the context,alias or database may have changed');
  }
}
