// A Query request as Milvus sends it, turned into the engine's QueryRequest: the filter and its
// template values, `query_params` (`limit`, `offset`, and the iterator's `iterator`,
// `reduce_stop_for_best`, `collection_id`), and `count(*)` among the output fields.
// Checks and texts from Milvus 2.6 internal/proxy/task_query.go (parseQueryParams).
import { goTrimSpace, MAX_RESULT_WINDOW, parseGoBool } from '../catalog/index.js';
import type { QueryRequest } from '../engine/index.js';
import { queryErrors } from '../errors.js';
import type { milvus } from './messages.js';
import { goInt, ignoreGrowingParam, keyValues } from './request-params.js';
import { decodeTemplates } from './templates.js';
import { refuseUnservedQueryOptions } from './unserved-options.js';

export const COUNT_STAR = 'count(*)';

export interface ParsedQuery {
  query: QueryRequest;
  /** A query iterator's call: its reply carries a session timestamp. */
  iterator: boolean;
  /** The collection id a query iterator pinned; 0 when absent. */
  collectionId: number;
}

/** A flag of query_params as Go's ParseBool reads it; false when absent. */
function flag(params: ReadonlyMap<string, string>, key: string, what: string): boolean {
  const raw = params.get(key);
  if (raw === undefined) return false;
  const v = parseGoBool(raw);
  if (v === undefined) throw queryErrors.flagNotBool(what, raw);
  return v;
}

function collectionIdParam(params: ReadonlyMap<string, string>): number {
  const raw = params.get('collection_id');
  if (raw === undefined) return 0;
  const id = goInt(raw);
  if (id === undefined) throw queryErrors.collectionIdInvalid();
  return id;
}

/**
 * `limit` and `offset` as parseQueryParams reads them: both strconv.ParseInt; offset only counts
 * with a limit (without one Milvus ignores it), and then validateMaxQueryResultWindow applies.
 */
function windowParams(params: ReadonlyMap<string, string>): { limit?: number; offset: number } {
  const limitRaw = params.get('limit');
  if (limitRaw === undefined) return { offset: 0 };
  const limit = goInt(limitRaw);
  if (limit === undefined) throw queryErrors.limitUnparsable(limitRaw);
  let offset = 0;
  const offsetRaw = params.get('offset');
  if (offsetRaw !== undefined) {
    const parsed = goInt(offsetRaw);
    if (parsed === undefined) throw queryErrors.offsetUnparsable(offsetRaw);
    offset = parsed;
  }
  if (offset < 0) throw queryErrors.offsetNegative(offset);
  if (limit <= 0) throw queryErrors.limitNotPositive(limit);
  if (offset + limit > MAX_RESULT_WINDOW) throw queryErrors.windowTooLarge(offset + limit, MAX_RESULT_WINDOW);
  return { limit, offset };
}

export function parseQueryRequest(req: milvus.QueryRequest): ParsedQuery {
  refuseUnservedQueryOptions(req);
  const params = keyValues(req.query_params);
  const ignoreGrowing = ignoreGrowingParam(params);
  flag(params, 'reduce_stop_for_best', 'value for reduce_stop_for_best is invalid');
  const iterator = flag(params, 'iterator', 'value for iterator field is invalid');
  const collectionId = collectionIdParam(params);
  const { limit, offset } = windowParams(params);
  const requested = req.output_fields;
  const countOnly = requested.some((f) => goTrimSpace(f).toLowerCase() === COUNT_STAR);
  const expr = req.expr;
  if (expr.trim() === '' && limit === undefined && !countOnly) throw queryErrors.emptyExprWithoutLimit();
  return {
    iterator,
    collectionId,
    query: {
      expr,
      templates: decodeTemplates(req.expr_template_values),
      partitionNames: req.partition_names,
      offset,
      limit,
      countOnly,
      ignoreGrowing,
    },
  };
}

/** A query iterator pinned to a collection id that the name no longer resolves to. */
export function checkQueryCollection(sent: number, actual: number): void {
  if (sent > 0 && sent !== actual) throw queryErrors.iteratorCollectionChanged();
}
