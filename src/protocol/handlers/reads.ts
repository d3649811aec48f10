// Query and Search: requests into engine calls, rows into FieldData columns.
import { primaryField } from '../../catalog/index.js';
import { resolveOutputFields } from '../../engine/index.js';
import type { HandlerTable } from '../handler.js';
import { COUNT_STAR, checkQueryCollection, parseQueryRequest } from '../query-request.js';
import { requestDatabase } from '../request-context.js';
import { parseSearchRequest } from '../search-request.js';
import { hitsReply, replyColumns, searchVariantReply } from './read-replies.js';

export const readHandlers: HandlerTable = {
  Query(req, ctx) {
    const db = requestDatabase(req, ctx.metadata);
    const parsed = parseQueryRequest(req);
    const result = ctx.engine.query(db, req.collection_name, parsed.query);
    checkQueryCollection(parsed.collectionId, result.collection.id);
    const schema = result.collection.schema;
    const pk = primaryField(schema);
    if (parsed.query.countOnly) {
      return {
        fields_data: [{ type: 'Int64', field_name: COUNT_STAR, scalars: { long_data: { data: [String(result.count)] } }, field_id: '0' }],
        collection_name: req.collection_name,
        output_fields: [COUNT_STAR],
        primary_field_name: pk.name,
      };
    }
    const out = resolveOutputFields(schema, req.output_fields, true);
    return {
      fields_data: replyColumns(out.fields, out.dynamic, result.rows),
      collection_name: req.collection_name,
      output_fields: out.names,
      primary_field_name: pk.name,
      ...(parsed.iterator ? { session_ts: ctx.engine.allocTimestamp() } : {}),
    };
  },

  Search(req, ctx) {
    const db = requestDatabase(req, ctx.metadata);
    const { search, params, roundDecimal } = parseSearchRequest(req);
    const outcome = ctx.engine.search(db, req.collection_name, search);
    const variant = searchVariantReply(outcome, params, ctx);
    const round = roundDecimal >= 0 ? (s: number) => Number(s.toFixed(roundDecimal)) : (s: number) => s;
    const scores = outcome.hits.flatMap((h) => h.scores.map(round));
    const results = {
      ...hitsReply(outcome.collection.schema, outcome.hits, {
        outputFields: req.output_fields,
        topk: search.topk,
        scores,
        groupBy: outcome.groupBy,
      }),
      ...variant.results,
    };
    return { results, collection_name: req.collection_name, ...variant.outer };
  },
};
