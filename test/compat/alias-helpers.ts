// Shared helpers for the alias compatibility tests (aliases.test.ts, seed.test.ts).
//
// Every call goes through the official Node SDK (@zilliz/milvus2-sdk-node) against a real
// `elanus serve`. Where the SDK refuses a request client-side before sending it (empty names:
// `checkCollectionName` / `ALIAS_NAME_IS_REQUIRED`, and listAliases without a collection_name),
// the request is sent raw through the SDK's own gRPC channel pool with the SDK's own `promisify`
// (exactly what the SDK methods do internally), so that the SERVER's answer is what gets tested.
import assert from 'node:assert/strict';
import { DataType, MilvusClient, promisify } from '@zilliz/milvus2-sdk-node';

/** A decoded reply: loosely typed on purpose, the assertions check the shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Reply = any;

export interface StatusLike {
  code?: number;
  error_code: string | number;
  reason: string;
  retriable?: boolean;
  extra_info?: Record<string, unknown>;
}

/** Milvus status code -> legacy error_code name (docs/aliases.md, "Status on the wire"). */
export function legacyErrorCode(code: number): string {
  switch (code) {
    case 0:
      return 'Success';
    case 100:
      return 'CollectionNotExists';
    case 1100:
      return 'IllegalArgument';
    default:
      return 'UnexpectedError';
  }
}

/** The Status of a reply: either the reply itself (ResStatus methods) or reply.status. */
export function statusOf(reply: Reply): StatusLike {
  assert.ok(reply !== null && typeof reply === 'object', `expected a reply object, got ${JSON.stringify(reply)}`);
  if (reply.status && typeof reply.status === 'object') return reply.status as StatusLike;
  assert.ok('error_code' in reply, `reply carries no status: ${JSON.stringify(reply)}`);
  return reply as StatusLike;
}

/** Success: status code 0 AND legacy error_code 'Success' (both, always). */
export function assertOk(reply: Reply, label = 'reply'): void {
  const s = statusOf(reply);
  assert.deepEqual(
    { code: s.code, error_code: s.error_code },
    { code: 0, error_code: 'Success' },
    `${label}: expected success, got ${JSON.stringify(s)}`,
  );
}

export interface ExpectedError {
  code: number;
  /** Defaults to docs/aliases.md's mapping of `code`. */
  errorCode?: string;
  /** Exact text, or a RegExp where Milvus leaves something (e.g. an order) open. */
  reason: string | RegExp;
}

export function assertErr(reply: Reply, exp: ExpectedError, label = 'reply'): void {
  const s = statusOf(reply);
  const errorCode = exp.errorCode ?? legacyErrorCode(exp.code);
  const detail = `${label}: got ${JSON.stringify(s)}`;
  if (typeof exp.reason === 'string') {
    assert.deepEqual(
      { code: s.code, error_code: s.error_code, reason: s.reason },
      { code: exp.code, error_code: errorCode, reason: exp.reason },
      detail,
    );
  } else {
    assert.deepEqual({ code: s.code, error_code: s.error_code }, { code: exp.code, error_code: errorCode }, detail);
    assert.match(s.reason, exp.reason, detail);
  }
  // docs/aliases.md, "Status on the wire": retriable is always false
  assert.equal(s.retriable ?? false, false, `${label}: retriable must be false; ${detail}`);
  // docs/aliases.md: refusals set extra_info.is_input_error = "true". Which errors count as input
  // errors Milvus does not spell out, so this is asserted only for 1100 (invalid parameter).
  if (exp.code === 1100) {
    assert.equal(s.extra_info?.is_input_error, 'true', `${label}: extra_info.is_input_error; ${detail}`);
  }
}

/** Send one MilvusService request exactly as given, through the client's own channel pool. */
export async function raw(client: MilvusClient, method: string, request: Record<string, unknown>): Promise<Reply> {
  return promisify(client.channelPool, method, request, 30000);
}

export const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

// ---- Name-rule texts (docs/aliases.md, "Name rules"); one space after the period, as Milvus sends it. ----
export type NameKind = 'alias' | 'name';
export const emptyText = (kind: NameKind): string => `collection ${kind} should not be empty: invalid parameter`;
export const tooLongText = (kind: NameKind, v: string): string =>
  `Invalid collection ${kind}: ${v}. the length of a collection ${kind} must be less than 255 characters: invalid parameter`;
export const firstCharText = (kind: NameKind, v: string): string =>
  `Invalid collection ${kind}: ${v}. the first character of a collection ${kind} must be an underscore or letter: invalid parameter`;
export const laterCharText = (kind: NameKind, v: string): string =>
  `Invalid collection ${kind}: ${v}. collection ${kind} can only contain numbers, letters and underscores: invalid parameter`;

// ---- Thin wrappers: the SDK where it sends the request, raw where it would refuse client-side. ----

export function vectorFields(dim = 4) {
  return [
    { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
    { name: 'vec', data_type: DataType.FloatVector, dim },
  ];
}

/**
 * createCollection with `fields` (no index_params, no quick setup). The SDK's high-level
 * createCollection THROWS the status object when it is not Success; catch it and return it
 * so that callers can assert on it like any other reply.
 */
export async function createCollection(client: MilvusClient, name: string, opts: { db_name?: string; dim?: number } = {}): Promise<Reply> {
  try {
    return await client.createCollection({
      collection_name: name,
      fields: vectorFields(opts.dim ?? 4),
      ...(opts.db_name !== undefined ? { db_name: opts.db_name } : {}),
    });
  } catch (e) {
    if (e && typeof e === 'object' && 'error_code' in e) return e;
    throw e;
  }
}

export interface AliasArgs {
  collection_name: string;
  alias: string;
  db_name?: string;
}

const dbPart = (db_name?: string) => (db_name !== undefined ? { db_name } : {});

export async function createAlias(client: MilvusClient, a: AliasArgs): Promise<Reply> {
  // The SDK throws client-side when collection_name or alias is empty: send those raw.
  if (!a.collection_name || !a.alias) return raw(client, 'CreateAlias', { ...a });
  return client.createAlias({ collection_name: a.collection_name, alias: a.alias, ...dbPart(a.db_name) });
}

export async function alterAlias(client: MilvusClient, a: AliasArgs): Promise<Reply> {
  if (!a.collection_name || !a.alias) return raw(client, 'AlterAlias', { ...a });
  return client.alterAlias({ collection_name: a.collection_name, alias: a.alias, ...dbPart(a.db_name) });
}

export async function dropAlias(client: MilvusClient, alias: string, db_name?: string): Promise<Reply> {
  // The SDK throws client-side on an empty alias: send it raw. (DropAliasReq's type has no
  // db_name, but the SDK forwards the whole object, so db_name reaches the wire.)
  if (!alias) return raw(client, 'DropAlias', { alias, ...dbPart(db_name) });
  return client.dropAlias({ alias, ...dbPart(db_name) } as { alias: string });
}

export async function describeAlias(client: MilvusClient, alias: string, db_name?: string): Promise<Reply> {
  // The SDK insists on a non-empty collection_name (checkCollectionName) although
  // DescribeAliasRequest has no such field (it is dropped on serialisation); an empty alias
  // is refused client-side: send that raw.
  if (!alias) return raw(client, 'DescribeAlias', { alias, ...dbPart(db_name) });
  return client.describeAlias({ alias, collection_name: 'unused_by_the_server', ...dbPart(db_name) });
}

export async function listAliases(client: MilvusClient, collection_name: string, db_name?: string): Promise<Reply> {
  // The SDK refuses an empty collection_name client-side (listing a whole database): send it raw.
  if (!collection_name) return raw(client, 'ListAliases', { collection_name, ...dbPart(db_name) });
  return client.listAliases({ collection_name, ...dbPart(db_name) });
}

export async function describeCollection(client: MilvusClient, name: string, db_name?: string): Promise<Reply> {
  if (!name) return raw(client, 'DescribeCollection', { collection_name: name, ...dbPart(db_name) });
  return client.describeCollection({ collection_name: name, ...dbPart(db_name) });
}

export async function hasCollection(client: MilvusClient, name: string, db_name?: string): Promise<boolean> {
  const r = await client.hasCollection({ collection_name: name, ...dbPart(db_name) });
  assertOk(r, `hasCollection(${name})`);
  return r.value === true;
}

export async function dropCollection(client: MilvusClient, name: string, db_name?: string): Promise<Reply> {
  if (!name) return raw(client, 'DropCollection', { collection_name: name, ...dbPart(db_name) });
  return client.dropCollection({ collection_name: name, ...dbPart(db_name) });
}

/** Sorted alias list of a reply (Milvus leaves the order open). */
export function sortedAliases(reply: Reply): string[] {
  assert.ok(Array.isArray(reply.aliases), `aliases must be an array: ${JSON.stringify(reply)}`);
  return [...(reply.aliases as string[])].sort();
}

// ---- Setup helpers: each asserts success so that a broken setup fails loudly. ----

export async function mustCreateCollection(client: MilvusClient, name: string, db_name?: string): Promise<void> {
  assertOk(await createCollection(client, name, { db_name }), `setup: createCollection(${db_name ?? ''}.${name})`);
}

export async function mustCreateAlias(client: MilvusClient, collection_name: string, alias: string, db_name?: string): Promise<void> {
  assertOk(await createAlias(client, { collection_name, alias, db_name }), `setup: createAlias(${collection_name}, ${alias})`);
}

export async function mustCreateDatabase(client: MilvusClient, db_name: string): Promise<void> {
  assertOk(await client.createDatabase({ db_name }), `setup: createDatabase(${db_name})`);
}

/** describe_alias must succeed and point at `collection`. */
export async function assertAliasTarget(
  client: MilvusClient,
  alias: string,
  collection: string,
  db_name = 'default',
  viaField = true,
): Promise<void> {
  const r = await describeAlias(client, alias, viaField ? db_name : undefined);
  assertOk(r, `describeAlias(${alias})`);
  assert.deepEqual({ db_name: r.db_name, alias: r.alias, collection: r.collection }, { db_name, alias, collection }, `describeAlias(${alias})`);
}

/** describe_alias must answer 1600 alias not found. */
export async function assertNoAlias(client: MilvusClient, alias: string, db_name = 'default'): Promise<void> {
  assertErr(
    await describeAlias(client, alias, db_name),
    { code: 1600, reason: `alias not found[database=${db_name}][alias=${alias}]` },
    `describeAlias(${alias})`,
  );
}
