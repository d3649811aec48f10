// Query and Search: requests into engine calls, rows into FieldData columns.
import { DataType, type FieldSchema } from '../../catalog/schema.js';
import type { Column } from '../../data/index.js';
import { gatherColumn, gatherDynamic, type RowRef } from '../../engine/index.js';
import { projectDynamic, resolveOutputFields } from '../../engine/output-fields.js';
import { invalidParameter } from '../../errors.js';
import { CONVERSION, protoRoot } from '../descriptors.js';
import { encodeFieldData } from '../field-data.js';
import type { HandlerTable, Reply } from '../handler.js';
import { requestDatabase } from '../request-context.js';
import { decodeTemplates } from '../templates.js';
// grouping and iterators (search-params.ts)
import { checkQueryCollection, queryIteratorParams, searchVariantParams, searchVariantReply } from './search-params.js';

const PlaceholderGroup = protoRoot.lookupType('milvus.proto.common.PlaceholderGroup');
const COUNT_STAR = 'count(*)';

function keyValues(pairs: { key: string; value: string }[] | undefined): Map<string, string> {
  return new Map((pairs ?? []).map((p) => [p.key, p.value]));
}

function integerParam(params: Map<string, string>, key: string, fallback: number): number {
  const raw = params.get(key);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw invalidParameter(`${key} [${raw}] is invalid, it should be an integer`);
  return n;
}

/** The reply columns of `rows`: the chosen fields, then `$meta` when dynamic keys were asked for. */
function columnsFor(fields: FieldSchema[], dynamic: 'all' | string[] | undefined, rows: RowRef[]): unknown[] {
  const columns = new Map<string, Column>();
  for (const f of fields) columns.set(f.name, gatherColumn(f, rows));
  const meta = dynamic ? projectDynamic(gatherDynamic(rows), dynamic) : undefined;
  return encodeFieldData(fields, columns, meta);
}

export const readHandlers: HandlerTable = {
  Query(req, ctx) {
    const db = requestDatabase(req, ctx.metadata);
    const params = keyValues(req.query_params);
    const iteration = queryIteratorParams(params);
    const requested: string[] = req.output_fields ?? [];
    const countOnly = requested.some((f) => f.trim().toLowerCase() === COUNT_STAR);
    const limitRaw = params.get('limit');
    const expr: string = req.expr ?? '';
    if (expr.trim() === '' && limitRaw === undefined && !countOnly) {
      throw invalidParameter('empty expression should be used with limit');
    }
    const result = ctx.engine.query(db, req.collection_name, {
      expr,
      templates: decodeTemplates(req.expr_template_values),
      partitionNames: req.partition_names ?? [],
      offset: integerParam(params, 'offset', 0),
      limit: limitRaw === undefined ? undefined : integerParam(params, 'limit', 0),
      countOnly,
    });
    checkQueryCollection(iteration.collectionId, result.collection.id);
    const schema = result.collection.schema;
    const pk = schema.fields.find((f) => f.isPrimaryKey)!;
    if (countOnly) {
      return {
        fields_data: [{ type: 'Int64', field_name: COUNT_STAR, scalars: { long_data: { data: [String(result.count)] } }, field_id: '0' }],
        collection_name: req.collection_name,
        output_fields: [COUNT_STAR],
        primary_field_name: pk.name,
      };
    }
    const out = resolveOutputFields(schema, requested, true);
    return {
      fields_data: columnsFor(out.fields, out.dynamic, result.rows),
      collection_name: req.collection_name,
      output_fields: out.names,
      primary_field_name: pk.name,
      ...(iteration.iterator ? { session_ts: ctx.engine.allocTimestamp() } : {}),
    };
  },

  Search(req, ctx) {
    const db = requestDatabase(req, ctx.metadata);
    const params = keyValues(req.search_params);
    let extra: Record<string, unknown> = {};
    const rawParams = params.get('params');
    if (rawParams) {
      try {
        extra = JSON.parse(rawParams) as Record<string, unknown>;
      } catch {
        throw invalidParameter(`search params is not a valid JSON: ${rawParams}`);
      }
    }
    const group = PlaceholderGroup.toObject(PlaceholderGroup.decode(req.placeholder_group ?? new Uint8Array()), {
      ...CONVERSION,
      bytes: Uint8Array,
    }) as { placeholders: { values: Uint8Array[] }[] };
    const blobs = group.placeholders[0]?.values ?? [];
    const topk = integerParam(params, 'topk', integerParam(params, 'limit', 10));
    const numberParam = (key: string) => {
      const v = extra[key] ?? params.get(key);
      return v === undefined || v === '' ? undefined : Number(v);
    };
    const outcome = ctx.engine.search(db, req.collection_name, {
      annsField: params.get('anns_field') ?? '',
      metricType: params.get('metric_type') ?? '',
      blobs,
      topk,
      offset: integerParam(params, 'offset', 0),
      expr: req.dsl ?? '',
      templates: decodeTemplates(req.expr_template_values),
      partitionNames: req.partition_names ?? [],
      radius: numberParam('radius'),
      rangeFilter: numberParam('range_filter'),
      ...searchVariantParams(params, integerParam(params, 'offset', 0)),
    });
    const variant = searchVariantReply(outcome, params, ctx);
    const roundDecimal = integerParam(params, 'round_decimal', -1);
    const round = roundDecimal >= 0 ? (s: number) => Number(s.toFixed(roundDecimal)) : (s: number) => s;
    const schema = outcome.collection.schema;
    const pk = schema.fields.find((f) => f.isPrimaryKey)!;
    // The primary key column always travels: the Node SDK builds each hit from the columns only.
    const out = resolveOutputFields(schema, req.output_fields ?? [], true);
    const rows = outcome.hits.flatMap((h) => h.refs);
    const ids = rows.map((r) => r.batch.pks[r.row]!);
    const reply: Reply = {
      num_queries: String(blobs.length),
      top_k: String(topk),
      fields_data: columnsFor(out.fields, out.dynamic, rows),
      scores: outcome.hits.flatMap((h) => h.scores.map(round)),
      ids:
        pk.dataType === DataType.Int64
          ? { int_id: { data: ids.map(String) } }
          : { str_id: { data: ids as string[] } },
      topks: outcome.hits.map((h) => String(h.refs.length)),
      output_fields: out.names,
      primary_field_name: pk.name,
      ...variant.results,
    };
    return { results: reply, collection_name: req.collection_name, ...variant.outer };
  },
};
