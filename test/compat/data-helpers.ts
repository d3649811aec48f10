// Helpers for the data-plane crash tests: a fixed four-field schema, rows derived from (key,
// batch) so a row read back names the batch that wrote it, an in-memory model of the live rows,
// write operations as the client sends them, and a reader that pulls every row back through
// query (paged by key range) to compare with the model.
import assert from 'node:assert/strict';
import { DataType, MilvusClient, type FieldType, type ResStatus } from '@zilliz/milvus2-sdk-node';
import { describeStatus, isOk } from './catalog-helpers.js';

export const DIM = 8;

/** Int64 pk `id`, FloatVector `vec` (dim 8), Int64 `version`, VarChar `tag`. */
export const DATA_FIELDS: FieldType[] = [
  { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
  { name: 'vec', data_type: DataType.FloatVector, dim: DIM },
  { name: 'version', data_type: DataType.Int64 },
  { name: 'tag', data_type: DataType.VarChar, max_length: 32 },
];

export type WriteKind = 'insert' | 'upsert' | 'delete';

/** One write call: `batch` is unique over the whole test run and is what its rows carry. */
export interface WriteOp {
  kind: WriteKind;
  batch: number;
  keys: number[];
}

/** What the test believes a live row holds: the batch that wrote it last, and how. */
export interface RowValue {
  version: number;
  tag: string;
}

/** key -> its live row. */
export type Model = Map<number, RowValue>;

export interface ReadRow extends RowValue {
  vec: number[];
}

export function tagOf(kind: WriteKind, batch: number): string {
  return `${kind === 'insert' ? 'i' : 'u'}${batch}`;
}

/**
 * The vector a batch writes for a key: multiples of 1/8 in [-4, 4), exact in float32, different
 * for each (key, batch) pair in practice, so a stale or mixed-up row shows in the vector too.
 */
export function vecOf(key: number, batch: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < DIM; j++) out.push((((key * 31 + batch * 17 + j * 7) % 64) - 32) / 8);
  return out;
}

export function rowsOf(op: WriteOp): Record<string, unknown>[] {
  const tag = tagOf(op.kind, op.batch);
  return op.keys.map((id) => ({ id, vec: vecOf(id, op.batch), version: op.batch, tag }));
}

/** The model after `op` was applied (a copy; `model` is unchanged). */
export function applied(model: Model, op: WriteOp): Model {
  const next = new Map(model);
  applyInPlace(next, op);
  return next;
}

export function applyInPlace(model: Model, op: WriteOp): void {
  if (op.kind === 'delete') {
    for (const k of op.keys) model.delete(k);
    return;
  }
  const value = { version: op.batch, tag: tagOf(op.kind, op.batch) };
  for (const k of op.keys) model.set(k, value);
}

export function showOp(op: WriteOp): string {
  const keys = op.keys.length <= 6 ? op.keys.join(',') : `${op.keys.slice(0, 6).join(',')},...`;
  return `${op.kind} #${op.batch} (${op.keys.length} keys: ${keys})`;
}

/** Sends one write; returns its status (an SDK error is thrown, as the SDK throws it). */
export async function sendWrite(client: MilvusClient, collection: string, op: WriteOp, timeout: number): Promise<ResStatus> {
  if (op.kind === 'delete') {
    const res = await client.deleteEntities({ collection_name: collection, filter: `id in [${op.keys.join(',')}]`, timeout });
    return res.status;
  }
  const req = { collection_name: collection, data: rowsOf(op) as never, timeout };
  const res = op.kind === 'insert' ? await client.insert(req) : await client.upsert(req);
  if (isOk(res.status)) {
    const ids = (res.IDs as unknown as { int_id?: { data: (string | number)[] } }).int_id?.data ?? [];
    assert.deepEqual(ids.map(Number), op.keys, `${showOp(op)}: the reply's IDs differ from the keys sent`);
  }
  return res.status;
}

/** `count` distinct keys from [lo, hi), a fraction `existing` of them (about) taken from `live`. */
export function chooseKeys(rand: () => number, live: readonly number[], lo: number, hi: number, count: number, existing: number): number[] {
  const chosen = new Set<number>();
  const target = Math.min(count, hi - lo);
  let guard = 0;
  while (chosen.size < target && guard++ < target * 50) {
    if (live.length > 0 && rand() < existing) chosen.add(live[Math.floor(rand() * live.length)]!);
    else chosen.add(lo + Math.floor(rand() * (hi - lo)));
  }
  return [...chosen];
}

/** createCollection (the `fields` form) throws a failed status: return it instead. */
async function statusOf(call: () => Promise<ResStatus>): Promise<ResStatus> {
  try {
    return await call();
  } catch (e) {
    if (e && typeof e === 'object' && 'error_code' in e) return e as ResStatus;
    throw e;
  }
}

/**
 * create_collection with DATA_FIELDS, then load. When this build refuses to load a collection
 * whose vector field has no index, a FLAT/L2 index is created and the load retried. Returns
 * whether the index was needed.
 */
export async function createLoadedCollection(client: MilvusClient, name: string): Promise<{ indexNeeded: boolean }> {
  const created = await statusOf(() => client.createCollection({ collection_name: name, fields: DATA_FIELDS }));
  assert.ok(isOk(created), `create_collection(${name}): ${describeStatus(created)}`);
  const first = await client.loadCollectionAsync({ collection_name: name });
  if (isOk(first)) {
    assert.equal(await loadState(client, name), 'LoadStateLoaded', `load_collection(${name}) succeeded: the collection must be loaded`);
    return { indexNeeded: false };
  }
  const index = await client.createIndex({ collection_name: name, field_name: 'vec', index_type: 'FLAT', metric_type: 'L2' });
  assert.ok(isOk(index), `create_index(${name}.vec) after load answered ${describeStatus(first)}: ${describeStatus(index)}`);
  const second = await client.loadCollectionAsync({ collection_name: name });
  assert.ok(isOk(second), `load_collection(${name}) after create_index: ${describeStatus(second)}`);
  assert.equal(await loadState(client, name), 'LoadStateLoaded', `load_collection(${name}) succeeded: the collection must be loaded`);
  return { indexNeeded: true };
}

const PAGE_KEYS = 2000;

/**
 * Every live row with a key in [lo, hi), through query paged by key range, plus a check that no
 * row exists outside [lo, hi). Duplicate keys in a reply fail the test.
 */
export async function readAll(client: MilvusClient, collection: string, lo: number, hi: number): Promise<Map<number, ReadRow>> {
  const rows = new Map<number, ReadRow>();
  for (let start = lo; start < hi; start += PAGE_KEYS) {
    const end = Math.min(hi, start + PAGE_KEYS);
    const q = await client.query({
      collection_name: collection,
      filter: `id >= ${start} and id < ${end}`,
      output_fields: ['id', 'vec', 'version', 'tag'],
      limit: PAGE_KEYS + 1,
    });
    assert.ok(isOk(q.status), `query(${collection}, id in [${start}, ${end})): ${describeStatus(q.status)}`);
    for (const r of q.data) {
      const id = Number(String(r.id));
      assert.ok(id >= start && id < end, `query for keys in [${start}, ${end}) returned key ${id}`);
      assert.ok(!rows.has(id), `key ${id} is returned twice: two live rows for one key`);
      rows.set(id, { version: Number(String(r.version)), tag: String(r.tag), vec: (r.vec as number[]).map(Number) });
    }
  }
  const outside = await client.query({
    collection_name: collection,
    filter: `id < ${lo} or id >= ${hi}`,
    output_fields: ['id', 'version', 'tag'],
    limit: 20,
  });
  assert.ok(isOk(outside.status), `query(${collection}, keys outside [${lo}, ${hi})): ${describeStatus(outside.status)}`);
  assert.deepEqual(outside.data, [], `rows exist with keys no client ever wrote`);
  return rows;
}

export async function countStar(client: MilvusClient, collection: string): Promise<number> {
  const q = await client.query({ collection_name: collection, filter: '', output_fields: ['count(*)'] });
  assert.ok(isOk(q.status), `count(*) on ${collection}: ${describeStatus(q.status)}`);
  return Number(String(q.data[0]!['count(*)']));
}

export async function statisticsRowCount(client: MilvusClient, collection: string): Promise<number> {
  const s = await client.getCollectionStatistics({ collection_name: collection });
  assert.ok(isOk(s.status), `get_collection_statistics(${collection}): ${describeStatus(s.status)}`);
  return Number(s.data.row_count);
}

export async function loadState(client: MilvusClient, collection: string): Promise<string> {
  const s = await client.getLoadState({ collection_name: collection });
  assert.ok(isOk(s.status), `get_load_state(${collection}): ${describeStatus(s.status)}`);
  return String(s.state);
}

/** Rows that differ from the model: missing, extra, or with other values than the model's. */
export function differences(model: Model, actual: Map<number, ReadRow>, max = 10): { count: number; lines: string[] } {
  const lines: string[] = [];
  let count = 0;
  const groups = new Map<string, number>(); // "expected -> recovered" by batch, with counts
  const note = (line: string, want: RowValue | undefined, got: RowValue | undefined) => {
    count++;
    const group = `${want ? `#${want.version}` : 'no row'} -> ${got ? `#${got.version}` : 'no row'}`;
    groups.set(group, (groups.get(group) ?? 0) + 1);
    if (lines.length < max) lines.push(line);
  };
  for (const [key, want] of model) {
    const got = actual.get(key);
    if (!got) {
      note(`key ${key}: missing (the model has version ${want.version} tag ${want.tag})`, want, undefined);
      continue;
    }
    const vec = vecOf(key, want.version);
    if (got.version !== want.version || got.tag !== want.tag || got.vec.length !== DIM || got.vec.some((x, j) => x !== vec[j])) {
      note(
        `key ${key}: version ${got.version} tag ${got.tag} vec [${got.vec.join(',')}], ` +
          `the model has version ${want.version} tag ${want.tag} vec [${vec.join(',')}]`,
        want,
        got,
      );
    }
  }
  for (const [key, got] of actual) {
    if (!model.has(key)) note(`key ${key}: present (version ${got.version} tag ${got.tag}) but the model has no row`, undefined, got);
  }
  if (count > 0) {
    const summary = [...groups]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([g, n]) => `${n} x ${g}`);
    lines.unshift(`by batch (model -> recovered): ${summary.join(', ')}`);
  }
  return { count, lines };
}

/**
 * How much of `op` shows in `actual`: for a write, how many of its keys carry its batch; for a
 * delete, how many of its keys that were live in `before` are gone.
 */
export function footprint(before: Model, op: WriteOp, actual: Map<number, ReadRow>): string {
  if (op.kind === 'delete') {
    const wasLive = op.keys.filter((k) => before.has(k));
    const gone = wasLive.filter((k) => !actual.has(k));
    return `${gone.length} of the ${wasLive.length} live keys it names are gone`;
  }
  const carrying = op.keys.filter((k) => actual.get(k)?.version === op.batch);
  const wasLive = op.keys.filter((k) => before.has(k));
  const vanished = wasLive.filter((k) => !actual.has(k));
  return (
    `${carrying.length} of its ${op.keys.length} rows carry its version ${op.batch}; ` +
    `${vanished.length} of the ${wasLive.length} keys it names that were live before are gone`
  );
}

/**
 * Checks one key range of the recovered rows: they must equal `model` (everything acknowledged)
 * or `model` plus the whole in-flight operation. Returns the model that matched; the assertion
 * message says what was missing, extra or half-applied.
 */
export function matchRange(label: string, model: Model, inFlight: WriteOp | undefined, actual: Map<number, ReadRow>): Model {
  const without = differences(model, actual);
  if (without.count === 0) return model;
  if (inFlight) {
    const withOp = applied(model, inFlight);
    const withDiff = differences(withOp, actual);
    if (withDiff.count === 0) return withOp;
    assert.fail(
      `${label}: the recovered rows are neither the acknowledged state nor that plus the whole in-flight ${showOp(inFlight)}; ` +
        `in flight: ${footprint(model, inFlight, actual)}.\n` +
        `  vs acknowledged state (${model.size} rows, ${without.count} differences):\n    ${without.lines.join('\n    ')}\n` +
        `  vs acknowledged + in-flight (${withOp.size} rows, ${withDiff.count} differences):\n    ${withDiff.lines.join('\n    ')}`,
    );
  }
  assert.fail(
    `${label}: the recovered rows differ from the acknowledged state and nothing was in flight ` +
      `(${model.size} rows expected, ${actual.size} read, ${without.count} differences):\n    ${without.lines.join('\n    ')}`,
  );
}

/** A client with retries off whose handshake is done (before any timing starts). */
export async function rawClient(address: string, timeout: number): Promise<MilvusClient> {
  const client = new MilvusClient({ address, maxRetries: 0, timeout });
  client.connectPromise.catch(() => undefined);
  await client.connectPromise;
  return client;
}

/** Fills the SDK's schema cache (it describes the collection before its first insert). */
export async function warmSchemaCache(client: MilvusClient, collection: string): Promise<void> {
  const described = await client.describeCollection({ collection_name: collection, cache: true });
  assert.ok(isOk(described.status), `describe_collection(${collection}): ${describeStatus(described.status)}`);
}
