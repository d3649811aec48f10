// The pymilvus ORM's `utility`: alias and collection management through a named connection.
// Every function takes `{ using = 'default', timeout }` (timeout in milliseconds) and delegates to
// the MilvusClient of connection `using`; errors are MilvusExceptions with the server's code and
// text, and an unknown `using` throws ConnectionNotExistException.
import { MilvusException, TIMEOUT_CODE } from '../exception.js';
import { connections } from './connections.js';

export interface UsingOptions {
  /** The connection to use (see connections.connect); default `'default'`. */
  using?: string;
  /** Milliseconds; the call rejects with a MilvusException past it. */
  timeout?: number;
}

/** pymilvus's LoadState names. */
export type LoadState = 'NotExist' | 'NotLoad' | 'Loading' | 'Loaded';

function client(options: UsingOptions) {
  return connections.client(options.using ?? 'default');
}

function base(options: UsingOptions): { timeout?: number } {
  return options.timeout === undefined ? {} : { timeout: options.timeout };
}

/** Creates `alias` for collection `collection_name`. */
export async function createAlias(collection_name: string, alias: string, options: UsingOptions = {}): Promise<void> {
  await client(options).createAlias({ ...base(options), collection_name, alias });
}

/** Points `alias` at collection `collection_name` (atomically; the blue/green switch). */
export async function alterAlias(collection_name: string, alias: string, options: UsingOptions = {}): Promise<void> {
  await client(options).alterAlias({ ...base(options), collection_name, alias });
}

/** Drops `alias`; dropping a missing alias succeeds. */
export async function dropAlias(alias: string, options: UsingOptions = {}): Promise<void> {
  await client(options).dropAlias({ ...base(options), alias });
}

/** The aliases of `collection_name`, sorted, as a plain list (`''`: every alias of the database). */
export async function listAliases(collection_name: string, options: UsingOptions = {}): Promise<string[]> {
  const reply = await client(options).listAliases({ ...base(options), collection_name });
  return [...(reply.aliases ?? [])].sort();
}

/** `{ alias, collection_name, db_name }` of an alias (pymilvus MilvusClient.describe_alias's shape). */
export async function describeAlias(
  alias: string,
  options: UsingOptions = {},
): Promise<{ alias: string; collection_name: string; db_name: string }> {
  const reply = await client(options).describeAlias({ ...base(options), alias });
  return { alias: reply.alias, collection_name: reply.collection, db_name: reply.db_name };
}

/** True when `collection_name` names a collection (or an alias of one). */
export async function hasCollection(collection_name: string, options: UsingOptions = {}): Promise<boolean> {
  const reply = await client(options).hasCollection({ ...base(options), collection_name });
  return Boolean(reply.value);
}

/** The collections of the connection's database (never aliases). */
export async function listCollections(options: UsingOptions = {}): Promise<string[]> {
  const reply = await client(options).listCollections(base(options));
  return [...(reply.collection_names ?? [])];
}

/** Drops a collection; a missing one succeeds, one with aliases or an alias throws. */
export async function dropCollection(collection_name: string, options: UsingOptions = {}): Promise<void> {
  await client(options).dropCollection({ ...base(options), collection_name });
}

/** Renames a collection (its aliases follow it); `new_db_name` moves it to another database. */
export async function renameCollection(
  old_collection_name: string,
  new_collection_name: string,
  options: UsingOptions & { new_db_name?: string } = {},
): Promise<void> {
  const req: { collection_name: string; new_collection_name: string; new_db_name?: string; timeout?: number } = {
    ...base(options),
    collection_name: old_collection_name,
    new_collection_name,
  };
  if (options.new_db_name) req.new_db_name = options.new_db_name;
  await client(options).renameCollection(req);
}

/** pymilvus `loading_progress`: `{ loading_progress: '100%' }`. */
export async function loadingProgress(collection_name: string, options: UsingOptions = {}): Promise<{ loading_progress: string }> {
  const reply = await client(options).getLoadingProgress({ ...base(options), collection_name });
  return { loading_progress: `${Number(reply.progress ?? 0).toFixed(0)}%` };
}

/** pymilvus `load_state`: `'Loaded'`, `'Loading'`, `'NotLoad'` or `'NotExist'`. */
export async function loadState(collection_name: string, options: UsingOptions = {}): Promise<LoadState> {
  const reply = await client(options).getLoadState({ ...base(options), collection_name });
  return String(reply.state ?? '').replace(/^LoadState/, '') as LoadState;
}

/**
 * pymilvus `wait_for_loading_complete`: resolves when the collection is fully loaded; with
 * `timeout`, rejects with a MilvusException past it.
 */
export async function waitForLoadingComplete(collection_name: string, options: UsingOptions = {}): Promise<void> {
  const deadline = options.timeout ? Date.now() + options.timeout : Infinity;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new MilvusException(TIMEOUT_CODE, 'UnexpectedError', `wait for loading of ${collection_name} timed out after ${options.timeout} ms`);
    }
    const progress = await loadingProgress(collection_name, { using: options.using, timeout: Number.isFinite(left) ? left : undefined });
    if (progress.loading_progress === '100%') return;
    await new Promise((r) => setTimeout(r, Math.min(100, Math.max(1, left))));
  }
}

/** The functions above as one object: `utility.createAlias(...)`, as pymilvus's module. */
export const utility = {
  createAlias,
  alterAlias,
  dropAlias,
  listAliases,
  describeAlias,
  hasCollection,
  listCollections,
  dropCollection,
  renameCollection,
  loadingProgress,
  loadState,
  waitForLoadingComplete,
};
