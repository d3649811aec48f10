// Query and Search: requests into engine calls, rows into FieldData columns.
import { DataType } from '../../catalog/schema.js';
import { resolveOutputFields } from '../../engine/output-fields.js';
import { invalidParameter } from '../../errors.js';
import type { HandlerTable, Reply } from '../handler.js';
import { requestDatabase } from '../request-context.js';
import { decodeTemplates } from '../templates.js';
import { integerParam, keyValues, vectorSearch } from '../request-params.js';
// grouping and iterators (search-params.ts)
import { checkQueryCollection, queryIteratorParams, replyColumns, searchVariantParams, searchVariantReply } from './search-params.js';

const COUNT_STAR = 'count(*)';

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
      fields_data: replyColumns(out.fields, out.dynamic, result.rows),
      collection_name: req.collection_name,
      output_fields: out.names,
      primary_field_name: pk.name,
      ...(iteration.iterator ? { session_ts: ctx.engine.allocTimestamp() } : {}),
    };
  },

  Search(req, ctx) {
    const db = requestDatabase(req, ctx.metadata);
    const { params, search } = vectorSearch(req, integerParam(keyValues(req.search_params), 'limit', 10));
    const blobs = search.blobs;
    const topk = search.topk;
    const offset = integerParam(params, 'offset', 0);
    const outcome = ctx.engine.search(db, req.collection_name, {
      ...search,
      offset,
      partitionNames: req.partition_names ?? [],
      ...searchVariantParams(params, offset),
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
      fields_data: replyColumns(out.fields, out.dynamic, rows),
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
