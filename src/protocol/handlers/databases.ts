// CreateDatabase, DropDatabase, AlterDatabase, DescribeDatabase, ListDatabases.
import type { HandlerTable } from '../handler.js';
import { refuseUnservedDatabaseProperties } from '../unserved-options.js';

export const databaseHandlers: HandlerTable = {
  async CreateDatabase(req, ctx) {
    refuseUnservedDatabaseProperties(req.properties);
    await ctx.engine.createDatabase(req.db_name, req.properties);
    return {};
  },
  async DropDatabase(req, ctx) {
    await ctx.engine.dropDatabase(req.db_name);
    return {};
  },
  async AlterDatabase(req, ctx) {
    refuseUnservedDatabaseProperties(req.properties);
    await ctx.engine.alterDatabase(req.db_name, req.properties, req.delete_keys);
    return {};
  },
  DescribeDatabase(req, ctx) {
    const db = ctx.engine.describeDatabase(req.db_name || 'default'); // not the connection's database, as in Milvus;
    return { db_name: db.name, dbID: String(db.id), created_timestamp: db.createdTs, properties: db.properties };
  },
  ListDatabases(_req, ctx) {
    const dbs = ctx.engine.listDatabases();
    return {
      db_names: dbs.map((d) => d.name),
      created_timestamp: dbs.map((d) => d.createdTs),
      db_ids: dbs.map((d) => String(d.id)),
    };
  },
};
