// HybridSearch: `requests` (one SearchRequest per vector search: placeholder_group, dsl,
// search_params with topk / anns_field / metric_type / params), fused by `rank_params`
// (strategy rrf | weighted, params JSON {k} | {weights, norm_score}, limit, offset,
// round_decimal, group_by_field, group_size, strict_group_size), answered as a SearchResults.
// As in Milvus 2.6, the top-level partition_names and output_fields apply to every sub-search and
// a sub-request's own offset is ignored (internal/proxy/search_util.go parseSearchInfo).
import { DataType } from '../../catalog/schema.js';
import type { SearchRequest } from '../../engine/data-requests.js';
import { parseRankParams } from '../../engine/hybrid.js';
import { resolveOutputFields } from '../../engine/output-fields.js';
import type { HandlerTable, Request, Reply } from '../handler.js';
import { requestDatabase } from '../request-context.js';
import { keyValues, vectorSearch } from '../request-params.js';
import { groupValueFields, replyColumns } from './search-params.js';

/** One sub-request as the engine takes it; without a topk it contributes limit + offset hits. */
function subRequest(sub: Request, defaultTopk: number): SearchRequest {
  return vectorSearch(sub, defaultTopk).search;
}

export const hybridHandlers: HandlerTable = {
  HybridSearch(req, ctx) {
    const db = requestDatabase(req, ctx.metadata);
    const rankParams = keyValues(req.rank_params);
    const rank = parseRankParams(rankParams);
    const requests = ((req.requests ?? []) as Request[]).map((sub) => subRequest(sub, rank.limit + rank.offset));
    const outcome = ctx.engine.hybridSearch(db, req.collection_name, {
      requests,
      partitionNames: req.partition_names ?? [],
      rank,
    });
    const schema = outcome.collection.schema;
    const pk = schema.fields.find((f) => f.isPrimaryKey)!;
    const out = resolveOutputFields(schema, req.output_fields ?? [], true);
    const rows = outcome.hits.flatMap((h) => h.refs);
    const ids = rows.map((r) => r.batch.pks[r.row]!);
    const reply: Reply = {
      num_queries: String(outcome.hits.length),
      top_k: String(rank.limit),
      fields_data: replyColumns(out.fields, out.dynamic, rows),
      scores: outcome.hits.flatMap((h) => h.scores),
      ids: pk.dataType === DataType.Int64 ? { int_id: { data: ids.map(String) } } : { str_id: { data: ids as string[] } },
      topks: outcome.hits.map((h) => String(h.refs.length)),
      output_fields: out.names,
      primary_field_name: pk.name,
      ...(outcome.groupBy ? groupValueFields(outcome.groupBy, rows) : {}),
    };
    return { results: reply, collection_name: req.collection_name };
  },
};
