// ElanusAliasService: atomic multi-alias switch, alias history, rollback (proto/elanus_alias.proto).
import type { AliasAction } from '../../catalog/index.js';
import { aliasExtraErrors } from '../../errors.js';
import type { HandlerTable } from '../handler.js';
import type { ElanusAliasServiceRequests } from '../messages.js';
import { requestDatabase } from '../request-context.js';

const ACTIONS = new Set(['create', 'alter', 'drop']);

export const aliasExtraHandlers: HandlerTable<ElanusAliasServiceRequests> = {
  async SwitchAliases(req, ctx) {
    const actions: AliasAction[] = req.actions.map((a, i) => {
      if (!ACTIONS.has(a.action)) throw aliasExtraErrors.unknownWireAction(i, a.action);
      return { action: a.action as AliasAction['action'], alias: a.alias, collection: a.collection_name };
    });
    const version = await ctx.engine.switchAliases(requestDatabase(req, ctx.metadata), actions);
    return { version: String(version) };
  },
  AliasHistory(req, ctx) {
    const entries = ctx.engine.aliasHistory(requestDatabase(req, ctx.metadata), req.alias);
    return {
      entries: entries.map((e) => ({
        version: String(e.version),
        index: e.index,
        alias: e.alias,
        action: e.action,
        old_collection: e.oldCollection ?? '',
        new_collection: e.newCollection ?? '',
        ts: e.ts,
        user: e.user ?? '',
      })),
    };
  },
  async RollbackAlias(req, ctx) {
    const to = Number(req.to_version);
    await ctx.engine.rollbackAlias(requestDatabase(req, ctx.metadata), req.alias, to > 0 ? to : undefined);
    return {};
  },
};
