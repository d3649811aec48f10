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
import { invalidParameter } from '../../errors.js';
import { CONVERSION, protoRoot } from '../descriptors.js';
import type { HandlerTable, Request, Reply } from '../handler.js';
import { requestDatabase } from '../request-context.js';
import { decodeTemplates } from '../templates.js';
import { groupValueFields, replyColumns } from './search-params.js';

const PlaceholderGroup = protoRoot.lookupType('milvus.proto.common.PlaceholderGroup');

function keyValues(pairs: { key: string; value: string }[] | undefined): Map<string, string> {
  return new Map((pairs ?? []).map((p) => [p.key, String(p.value)]));
}

function integerParam(params: Map<string, string>, key: string, fallback: number): number {
  const raw = params.get(key);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw invalidParameter(`${key} [${raw}] is invalid, it should be an integer`);
  return n;
}

/** One sub-request as the engine takes it; without a topk it contributes limit + offset hits. */
function subRequest(sub: Request, defaultTopk: number): SearchRequest {
  const params = keyValues(sub.search_params);
  let extra: Record<string, unknown> = {};
  const rawParams = params.get('params');
  if (rawParams) {
    try {
      extra = JSON.parse(rawParams) as Record<string, unknown>;
    } catch {
      throw invalidParameter(`search params is not a valid JSON: ${rawParams}`);
    }
  }
  const group = PlaceholderGroup.toObject(PlaceholderGroup.decode(sub.placeholder_group ?? new Uint8Array()), {
    ...CONVERSION,
    bytes: Uint8Array,
  }) as { placeholders: { values: Uint8Array[] }[] };
  const numberParam = (key: string) => {
    const v = extra[key] ?? params.get(key);
    return v === undefined || v === '' ? undefined : Number(v);
  };
  return {
    annsField: params.get('anns_field') ?? '',
    metricType: params.get('metric_type') ?? '',
    blobs: group.placeholders[0]?.values ?? [],
    topk: integerParam(params, 'topk', defaultTopk),
    offset: 0,
    expr: sub.dsl ?? '',
    templates: decodeTemplates(sub.expr_template_values),
    partitionNames: [],
    radius: numberParam('radius'),
    rangeFilter: numberParam('range_filter'),
  };
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
