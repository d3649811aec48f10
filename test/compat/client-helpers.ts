// Helpers for the compat tests: a reply that must be a success, and a MilvusException expected
// with an exact code and text.
import assert from 'node:assert/strict';
import { MilvusException } from '../../src/client/index.js';

/** A reply (or its status) that must be a clean Success; the failure message shows the status. */
export function assertSuccess(reply: { status?: unknown } | object, label: string): void {
  const s = ((reply as { status?: unknown }).status ?? reply) as { error_code?: unknown };
  assert.equal(s.error_code, 'Success', `${label}: ${JSON.stringify(s).slice(0, 600)}`);
}

/** The legacy error_code name of a Milvus code (docs/aliases.md, "Status on the wire"). */
export function legacyName(code: number): string {
  if (code === 0) return 'Success';
  if (code === 100) return 'CollectionNotExists';
  if (code === 1100) return 'IllegalArgument';
  return 'UnexpectedError';
}

export async function expectMilvusError(work: Promise<unknown>, code: number, reason: string | RegExp, label: string): Promise<MilvusException> {
  let caught: unknown;
  try {
    await work;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof MilvusException, `${label}: expected a MilvusException, got ${caught === undefined ? 'success' : String(caught)}`);
  const e = caught as MilvusException;
  assert.equal(e.code, code, `${label}: code (${e.reason})`);
  assert.equal(e.errorCode, legacyName(code), `${label}: errorCode`);
  if (typeof reason === 'string') assert.equal(e.reason, reason, `${label}: reason`);
  else assert.match(e.reason, reason, `${label}: reason`);
  return e;
}

/** Replaces volatile values (timestamps, ids) so embedded and remote results compare equal. */
export function stable(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v) => {
      if (typeof v === 'bigint') return v.toString();
      if (
        [
          'session_ts',
          'timestamp',
          'timestamps',
          'created_timestamp',
          'created_utc_timestamp',
          'update_timestamp',
          'update_timestamp_str',
          'collectionID',
          'collection_id',
          'timestamp_ms',
          'succ_index',
        ].includes(key)
      )
        return '<volatile>';
      if (v && typeof v === 'object' && v.type === 'Buffer' && Array.isArray(v.data)) return { buffer: v.data };
      return v;
    }),
  );
}
