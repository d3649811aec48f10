// CreateIndex, DescribeIndex, GetIndexStatistics, DropIndex, AlterIndex, GetIndexState,
// GetIndexBuildProgress: wire <-> engine only; the rules live in catalog/indexes.ts and
// catalog/index-params.ts, what serves an index in engine/index-serving.ts.
import type { IndexState, KeyValue } from '../../catalog/index.js';
import type { HandlerTable } from '../handler.js';
import type { common } from '../messages.js';
import { requestDatabase } from '../request-context.js';

function keyValues(list: common.KeyValuePair[]): KeyValue[] {
  return list.map(({ key, value }) => ({ key, value }));
}

/**
 * Elanus's extra key of DescribeIndex's params: the algorithm and precision that serve a vector
 * index created as a type Elanus does not build (IVF_PQ, HNSW_SQ, DISKANN...). SDKs show params
 * as a map, so it appears beside the index type the caller asked for.
 */
const SERVED_BY_KEY = 'served_by';

/** The params as shown: `served_by` is Elanus's to say, so one a caller sent is never echoed. */
function shownParams(params: KeyValue[], servedBy: string | undefined): KeyValue[] {
  const own = params.filter((p) => p.key !== SERVED_BY_KEY);
  return servedBy === undefined ? own : [...own, { key: SERVED_BY_KEY, value: servedBy }];
}

function indexDescription(d: IndexState & { servedBy?: string }): Record<string, unknown> {
  return {
    index_name: d.index.name,
    indexID: String(d.index.id),
    params: shownParams(d.params, d.servedBy),
    field_name: d.fieldName,
    indexed_rows: String(d.indexedRows),
    total_rows: String(d.totalRows),
    state: d.state,
    index_state_fail_reason: d.failReason,
    pending_index_rows: String(d.pendingRows),
    min_index_version: 0,
    max_index_version: 0,
  };
}

export const indexHandlers: HandlerTable = {
  async CreateIndex(req, ctx) {
    await ctx.engine.createIndex(requestDatabase(req, ctx.metadata), {
      collectionName: req.collection_name,
      fieldName: req.field_name,
      indexName: req.index_name,
      extraParams: keyValues(req.extra_params),
    });
    return {};
  },

  DescribeIndex(req, ctx) {
    const found = ctx.engine.describeIndex(requestDatabase(req, ctx.metadata), req.collection_name, req.index_name);
    return { index_descriptions: found.map(indexDescription) };
  },

  GetIndexStatistics(req, ctx) {
    const db = requestDatabase(req, ctx.metadata);
    const found = ctx.engine.describeIndex(db, req.collection_name, req.index_name, true);
    return { index_descriptions: found.map((d) => ({ ...indexDescription(d), pending_index_rows: '0' })) };
  },

  async DropIndex(req, ctx) {
    await ctx.engine.dropIndex(requestDatabase(req, ctx.metadata), req.collection_name, req.index_name);
    return {};
  },

  async AlterIndex(req, ctx) {
    await ctx.engine.alterIndex(
      requestDatabase(req, ctx.metadata),
      req.collection_name,
      req.index_name,
      keyValues(req.extra_params),
      req.delete_keys,
    );
    return {};
  },

  GetIndexState(req, ctx) {
    const p = ctx.engine.indexProgress(requestDatabase(req, ctx.metadata), req.collection_name, req.index_name);
    return { state: p.state, fail_reason: p.failReason };
  },

  GetIndexBuildProgress(req, ctx) {
    const p = ctx.engine.indexProgress(requestDatabase(req, ctx.metadata), req.collection_name, req.index_name);
    return { indexed_rows: String(p.indexedRows), total_rows: String(p.totalRows) };
  },
};
