// HybridSearch: `requests` (one SearchRequest per vector search: placeholder_group, dsl,
// search_params with topk / anns_field / metric_type / params), fused by `rank_params`
// (src/protocol/rank-params.ts), answered as a SearchResults. The top-level output_fields apply
// to the fused hits.
import type { HandlerTable } from '../handler.js';
import { requestDatabase } from '../request-context.js';
import { parseHybridSearchRequest } from '../search-request.js';
import { groupValueFields, hitsReply } from './read-replies.js';

export const hybridHandlers: HandlerTable = {
  HybridSearch(req, ctx) {
    const db = requestDatabase(req, ctx.metadata);
    const request = parseHybridSearchRequest(req);
    const outcome = ctx.engine.hybridSearch(db, req.collection_name, request);
    const scores = outcome.hits.flatMap((h) => h.scores);
    const results = hitsReply(outcome.collection.schema, outcome.hits, req.output_fields ?? [], request.rank.limit, scores);
    if (outcome.groupBy)
      Object.assign(
        results,
        groupValueFields(
          outcome.groupBy,
          outcome.hits.flatMap((h) => h.refs),
        ),
      );
    return { results, collection_name: req.collection_name };
  },
};
