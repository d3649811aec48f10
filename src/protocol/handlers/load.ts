// LoadCollection, ReleaseCollection, GetLoadState, GetLoadingProgress, Flush, GetFlushState,
// GetCollectionStatistics: the collection life cycle around its rows.
import { collectionNotFound } from '../../errors.js';
import type { HandlerTable } from '../handler.js';
import { requestDatabase } from '../request-context.js';

export const loadHandlers: HandlerTable = {
  async LoadCollection(req, ctx) {
    await ctx.engine.loadCollection(requestDatabase(req, ctx.metadata), req.collection_name);
    return {};
  },

  async ReleaseCollection(req, ctx) {
    await ctx.engine.releaseCollection(requestDatabase(req, ctx.metadata), req.collection_name);
    return {};
  },

  async LoadPartitions(req, ctx) {
    await ctx.engine.loadPartitions(requestDatabase(req, ctx.metadata), req.collection_name, req.partition_names);
    return {};
  },

  async ReleasePartitions(req, ctx) {
    await ctx.engine.releasePartitions(requestDatabase(req, ctx.metadata), req.collection_name, req.partition_names);
    return {};
  },

  GetLoadState(req, ctx) {
    const loaded = ctx.engine.isLoaded(requestDatabase(req, ctx.metadata), req.collection_name, req.partition_names);
    return { state: loaded ? 'LoadStateLoaded' : 'LoadStateNotLoad' };
  },

  GetLoadingProgress(req, ctx) {
    const db = requestDatabase(req, ctx.metadata);
    // Loading happens inside LoadCollection's call: a loaded collection is complete.
    const progress = ctx.engine.isLoaded(db, req.collection_name, req.partition_names) ? '100' : '0';
    return { progress, refresh_progress: progress };
  },

  async Flush(req, ctx) {
    // Every acknowledged write is already durable; Flush seals the growing rows into sealed
    // segments (indexes are built on those) and answers once that is durable too.
    const db = requestDatabase(req, ctx.metadata);
    const names = req.collection_names;
    for (const name of names) ctx.engine.resolveCollection(db, name); // 100 for a missing collection
    await ctx.engine.flush(db, names);
    const ts = ctx.engine.allocTimestamp();
    const segIds: Record<string, { data: string[] }> = {};
    const flushTs: Record<string, string> = {};
    const sealTimes: Record<string, string> = {};
    for (const name of names) {
      segIds[name] = { data: [] };
      flushTs[name] = ts;
      sealTimes[name] = String(Math.floor(Date.now() / 1000));
    }
    return { db_name: db, coll_segIDs: segIds, flush_coll_segIDs: segIds, coll_seal_times: sealTimes, coll_flush_ts: flushTs, channel_cps: {} };
  },

  GetFlushState() {
    return { flushed: true };
  },

  GetPartitionStatistics(req, ctx) {
    const count = ctx.engine.partitionRowCount(requestDatabase(req, ctx.metadata), req.collection_name, req.partition_name);
    return { stats: [{ key: 'row_count', value: String(count) }] };
  },

  GetCollectionStatistics(req, ctx) {
    const count = ctx.engine.rowCount(requestDatabase(req, ctx.metadata), req.collection_name);
    return { stats: [{ key: 'row_count', value: String(count) }] };
  },
};

/** Compactions run to completion inside ManualCompaction; their ids are timestamps. */
export const compactionHandlers: HandlerTable = {
  async ManualCompaction(req, ctx) {
    let db = requestDatabase(req, ctx.metadata);
    let name = req.collection_name;
    if (name === '') {
      const state = ctx.engine.snapshot();
      const collection = state.collectionById(Number(req.collectionID));
      if (!collection) throw collectionNotFound(req.collectionID);
      db = state.databaseById(collection.dbId)!.name;
      name = collection.name;
    }
    const segments = await ctx.engine.compact(db, name);
    return { compactionID: ctx.engine.allocTimestamp(), compactionPlanCount: segments };
  },
  GetCompactionState() {
    return { state: 'Completed', executingPlanNo: '0', timeoutPlanNo: '0', completedPlanNo: '1', failedPlanNo: '0' };
  },
  GetCompactionStateWithPlans() {
    return { state: 'Completed', mergeInfos: [] };
  },
};
