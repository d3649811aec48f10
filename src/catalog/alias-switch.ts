// What Elanus adds to Milvus's aliases: several alias actions applied all-or-nothing, a history
// of every alias change (one version per call, shared by the actions of a switch), and rollback
// to an earlier version. The single calls keep Milvus's exact rules: a switch checks each action
// with the same function and text as the single call, against the state its predecessors left.
import { MilvusError, aliasCollectionNameConflict, aliasExtraErrors } from '../errors.js';
import { alterAlias, createAlias, dropAlias } from './aliases.js';
import { requireDatabase, type Change, type Clock } from './change.js';
import { checkAliasName } from './names.js';
import type { AliasHistoryRecord, Mutation } from './records.js';
import type { CatalogState } from './state.js';

export interface AliasAction {
  action: 'create' | 'alter' | 'drop';
  alias: string;
  /** The target collection (create and alter). */
  collection?: string;
}

/** Entries kept in the history; older versions are pruned as new ones arrive. */
export const DEFAULT_HISTORY_RETENTION = 10_000;

function describeAction(a: AliasAction, i: number): string {
  return a.action === 'drop' ? `action ${i} (drop ${a.alias})` : `action ${i} (${a.action} ${a.alias} -> ${a.collection ?? ''})`;
}

/**
 * Adds history entries for the alias mutations of `change` (planned against `before`), all
 * under the next version. A change that touches no alias records nothing.
 */
export function withHistory<T>(
  before: CatalogState,
  change: Change<T>,
  clock: Clock,
  action: AliasHistoryRecord['action'],
  retention = DEFAULT_HISTORY_RETENTION,
): Change<T> {
  const version = before.aliasVersion + 1;
  const ts = clock.now();
  const entries: Mutation[] = [];
  let state = before;
  for (const m of change.mutations) {
    if (m.op === 'putAlias' || m.op === 'deleteAlias') {
      const dbId = m.op === 'putAlias' ? m.record.dbId : m.dbId;
      const alias = m.op === 'putAlias' ? m.record.name : m.name;
      const old = state.alias(dbId, alias);
      const oldCollection = old && state.collectionById(old.collectionId);
      const target = m.op === 'putAlias' ? state.collectionById(m.record.collectionId) : undefined;
      const record: AliasHistoryRecord = {
        version,
        index: entries.length,
        dbId,
        alias,
        action,
        oldCollectionId: old?.collectionId,
        oldCollection: oldCollection?.name,
        newCollectionId: target?.id,
        newCollection: target?.name,
        ts,
      };
      entries.push({ op: 'putAliasHistory', record });
    }
    state = state.apply([m]);
  }
  if (entries.length === 0) return change;
  const prune: Mutation[] = version > retention ? [{ op: 'pruneAliasHistory', upToVersion: version - retention }] : [];
  return { ...change, mutations: [...change.mutations, ...entries, ...prune] };
}

/** All actions or none: the first failing one is reported by its position and its own error. */
export function switchAliases(state: CatalogState, clock: Clock, db: string, actions: readonly AliasAction[]): Change {
  if (actions.length === 0) throw aliasExtraErrors.noActions();
  requireDatabase(state, db);
  const mutations: Mutation[] = [];
  let next = state;
  actions.forEach((a, i) => {
    let change: Change;
    try {
      if (a.action === 'create') change = createAlias(next, clock, db, a.collection ?? '', a.alias);
      else if (a.action === 'alter') change = alterAlias(next, clock, db, a.collection ?? '', a.alias);
      else if (a.action === 'drop') change = dropAlias(next, db, a.alias);
      else throw aliasExtraErrors.unknownAction(String((a as { action: unknown }).action));
    } catch (e) {
      if (e instanceof MilvusError) throw aliasExtraErrors.actionFailed(describeAction(a, i), e);
      throw e;
    }
    next = next.apply(change.mutations);
    mutations.push(...change.mutations);
  });
  return { mutations, result: undefined };
}

/** The history entries of one alias in a database, oldest first. */
export function historyOf(entries: Iterable<AliasHistoryRecord>, dbId: number, alias: string): AliasHistoryRecord[] {
  return [...entries].filter((e) => e.dbId === dbId && e.alias === alias);
}

/**
 * Puts an alias back where it pointed at `toVersion` (after that version's change), or, by
 * default, where it pointed before its latest change. The rollback is itself a recorded change.
 */
export function rollbackAlias(
  state: CatalogState,
  clock: Clock,
  db: string,
  alias: string,
  history: readonly AliasHistoryRecord[],
  toVersion?: number,
): Change {
  checkAliasName(alias);
  const database = requireDatabase(state, db);
  if (history.length === 0) throw aliasExtraErrors.noHistory(db, alias);
  let targetId: number | undefined;
  if (toVersion === undefined) {
    targetId = history[history.length - 1]!.oldCollectionId;
  } else {
    const at = history.filter((e) => e.version <= toVersion);
    if (!history.some((e) => e.version === toVersion)) throw aliasExtraErrors.noHistoryVersion(alias, toVersion);
    targetId = at[at.length - 1]!.newCollectionId;
  }
  const current = state.alias(database.id, alias);
  if (targetId === undefined) {
    return current
      ? { mutations: [{ op: 'deleteAlias', dbId: database.id, name: alias }], result: undefined }
      : { mutations: [], result: undefined };
  }
  const target = state.collectionById(targetId);
  if (!target || target.dbId !== database.id) {
    throw aliasExtraErrors.rollbackTargetGone(alias, targetId);
  }
  if (state.collection(database.id, alias)) throw aliasCollectionNameConflict(db, alias);
  if (current?.collectionId === targetId) return { mutations: [], result: undefined };
  return {
    mutations: [{ op: 'putAlias', record: { dbId: database.id, name: alias, collectionId: targetId, createdTs: clock.now() } }],
    result: undefined,
  };
}
