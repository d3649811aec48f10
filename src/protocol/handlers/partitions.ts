// CreatePartition, DropPartition, HasPartition, ShowPartitions: wire <-> engine only; the rules
// live in catalog/partitions.ts. Each accepts an alias for the collection.
import { physicalMillis } from '../../engine/index.js';
import type { HandlerTable } from '../handler.js';
import { requestDatabase } from '../request-context.js';

export const partitionHandlers: HandlerTable = {
  async CreatePartition(req, ctx) {
    await ctx.engine.createPartition(requestDatabase(req, ctx.metadata), req.collection_name, req.partition_name);
    return {};
  },

  async DropPartition(req, ctx) {
    await ctx.engine.dropPartition(requestDatabase(req, ctx.metadata), req.collection_name, req.partition_name);
    return {};
  },

  HasPartition(req, ctx) {
    const db = requestDatabase(req, ctx.metadata);
    return { value: ctx.engine.hasPartition(db, req.collection_name, req.partition_name) };
  },

  ShowPartitions(req, ctx) {
    const db = requestDatabase(req, ctx.metadata);
    const inMemory = req.type === 'InMemory';
    const { partitions } = ctx.engine.showPartitions(db, req.collection_name, req.partition_names, inMemory);
    return {
      partition_names: partitions.map((p) => p.name),
      partitionIDs: partitions.map((p) => String(p.id)),
      created_timestamps: partitions.map((p) => p.createdTs),
      created_utc_timestamps: partitions.map((p) => String(physicalMillis(p.createdTs))),
      // Milvus fills the percentages only for the InMemory listing (querycoord's answer).
      inMemory_percentages: inMemory ? partitions.map(() => '100') : [],
    };
  },
};
