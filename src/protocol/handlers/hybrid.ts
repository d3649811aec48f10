// HybridSearch: `requests` (one SearchRequest per vector search: placeholder_group, dsl,
// search_params with topk / anns_field / metric_type / params), fused by `rank_params`
// (src/protocol/rank-params.ts), answered as a SearchResults. The top-level output_fields apply
// to the fused hits.
import type { HandlerTable } from '../handler.js';
import { requestDatabase } from '../request-context.js';
import { parseHybridSearchRequest } from '../search-request.js';
import { hitsReply } from './read-replies.js';

export const hybridHandlers: HandlerTable = {
  HybridSearch(req, ctx) {
    const db = requestDatabase(req, ctx.metadata);
    const request = parseHybridSearchRequest(req);
    const outcome = ctx.engine.hybridSearch(db, req.collection_name, request);
    const results = hitsReply(outcome.collection.schema, outcome.hits, {
      outputFields: req.output_fields,
      topk: request.rank.limit,
      scores: outcome.hits.flatMap((h) => h.scores),
      groupBy: outcome.groupBy,
    });
    return { results, collection_name: req.collection_name };
  },
};
