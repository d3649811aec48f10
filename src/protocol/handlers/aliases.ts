// CreateAlias, AlterAlias, DropAlias, DescribeAlias, ListAliases: wire <-> engine only; the
// rules live in catalog/aliases.ts.
import type { HandlerTable } from '../handler.js';
import { requestDatabase } from '../request-context.js';

export const aliasHandlers: HandlerTable = {
  async CreateAlias(req, ctx) {
    await ctx.engine.createAlias(requestDatabase(req, ctx.metadata), req.collection_name, req.alias);
    return {};
  },
  async AlterAlias(req, ctx) {
    await ctx.engine.alterAlias(requestDatabase(req, ctx.metadata), req.collection_name, req.alias);
    return {};
  },
  async DropAlias(req, ctx) {
    await ctx.engine.dropAlias(requestDatabase(req, ctx.metadata), req.alias);
    return {};
  },
  DescribeAlias(req, ctx) {
    const d = ctx.engine.describeAlias(requestDatabase(req, ctx.metadata), req.alias);
    return { db_name: d.dbName, alias: d.alias, collection: d.collection };
  },
  ListAliases(req, ctx) {
    const l = ctx.engine.listAliases(requestDatabase(req, ctx.metadata), req.collection_name);
    return { db_name: l.dbName, collection_name: l.collectionName, aliases: l.aliases };
  },
};
