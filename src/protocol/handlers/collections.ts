// CreateCollection, DropCollection, HasCollection, DescribeCollection, ShowCollections,
// RenameCollection, AlterCollection: wire <-> engine only.
import { checkCollectionName, type CollectionRecord, type ConsistencyLevel } from '../../catalog/index.js';
import { collectionNotLoaded } from '../../errors.js';
import { physicalMillis } from '../../engine/index.js';
import type { HandlerTable } from '../handler.js';
import type { common } from '../messages.js';
import { requestDatabase } from '../request-context.js';
import { decodeSchema, encodeSchema } from '../schema-codec.js';
import { refuseUnservedAlterProperties, refuseUnservedCollectionProperties } from '../unserved-options.js';

/** The request's level; a number is one these descriptors do not name. */
function consistencyLevel(value: common.ConsistencyLevel | number): ConsistencyLevel {
  return typeof value === 'string' ? value : 'Bounded';
}

/** Milvus names each collection's virtual channels after its id; clients only display them. */
function channelNames(collectionId: number, shards: number): { virtual: string[]; physical: string[] } {
  const physical = Array.from({ length: shards }, (_, i) => `elanus-dml_${i}`);
  return { physical, virtual: physical.map((p) => `${p}_${collectionId}v0`) };
}

export const collectionHandlers: HandlerTable = {
  async CreateCollection(req, ctx) {
    refuseUnservedCollectionProperties(req.properties);
    const schema = decodeSchema(req.schema);
    await ctx.engine.createCollection(requestDatabase(req, ctx.metadata), {
      collectionName: req.collection_name,
      schema,
      shardsNum: req.shards_num,
      consistencyLevel: consistencyLevel(req.consistency_level),
      properties: req.properties,
      numPartitions: Number(req.num_partitions),
    });
    return {};
  },

  async DropCollection(req, ctx) {
    await ctx.engine.dropCollection(requestDatabase(req, ctx.metadata), req.collection_name);
    return {};
  },

  HasCollection(req, ctx) {
    return { value: ctx.engine.hasCollection(requestDatabase(req, ctx.metadata), req.collection_name) };
  },

  DescribeCollection(req, ctx) {
    const db = requestDatabase(req, ctx.metadata);
    const d = ctx.engine.describeCollection(db, req.collection_name, Number(req.collectionID));
    const c = d.collection;
    const channels = channelNames(c.id, c.shardsNum);
    return {
      schema: encodeSchema(c.schema, d.dbName),
      collectionID: String(c.id),
      virtual_channel_names: channels.virtual,
      physical_channel_names: channels.physical,
      created_timestamp: c.createdTs,
      created_utc_timestamp: String(physicalMillis(c.createdTs)),
      shards_num: c.shardsNum,
      aliases: d.aliases,
      start_positions: [],
      consistency_level: c.consistencyLevel,
      collection_name: d.requestedName,
      properties: c.properties,
      db_name: d.dbName,
      num_partitions: String(c.numPartitions),
      db_id: String(c.dbId),
      request_time: ctx.engine.allocTimestamp(),
      update_timestamp: c.updateTs,
      update_timestamp_str: c.updateTs,
    };
  },

  ShowCollections(req, ctx) {
    const db = requestDatabase(req, ctx.metadata);
    const names = req.collection_names;
    let list;
    if (req.type === 'InMemory') {
      // Loaded collections only. Loading arrives with the data plane: until then none is loaded,
      // and naming one is an error, as Milvus answers for a collection that is not loaded.
      for (const name of names) checkCollectionName(name);
      const named = names.map((name) => ctx.engine.resolveCollection(db, name)); // 100 when missing
      if (named.length > 0) throw collectionNotLoaded(named[0]!.name);
      ctx.engine.describeDatabase(db);
      list = [] as CollectionRecord[];
    } else {
      ctx.engine.describeDatabase(db); // a missing database is an error, not an empty list
      const all = ctx.engine.listCollections(db);
      list = names.length > 0 ? all.filter((c) => names.includes(c.name)) : all;
    }
    return {
      collection_names: list.map((c) => c.name),
      collection_ids: list.map((c) => String(c.id)),
      created_timestamps: list.map((c) => c.createdTs),
      created_utc_timestamps: list.map((c) => String(physicalMillis(c.createdTs))),
      inMemory_percentages: [],
      query_service_available: [],
      shards_num: list.map((c) => c.shardsNum),
    };
  },

  async RenameCollection(req, ctx) {
    await ctx.engine.renameCollection({
      db: requestDatabase(req, ctx.metadata),
      oldName: req.oldName,
      newDb: req.newDBName,
      newName: req.newName,
    });
    return {};
  },

  async AlterCollection(req, ctx) {
    refuseUnservedAlterProperties(req.properties);
    await ctx.engine.alterCollectionProperties(requestDatabase(req, ctx.metadata), req.collection_name, req.properties, req.delete_keys);
    return {};
  },
};
