// Milvus's request parameters as key/value lists, with integers carried in strings.
import { searchErrors } from '../errors.js';

export function keyValues(pairs: { key: string; value: string }[] | undefined): Map<string, string> {
  return new Map((pairs ?? []).map((p) => [p.key, String(p.value)]));
}

export function integerParam(params: ReadonlyMap<string, string>, key: string, fallback: number): number {
  const raw = params.get(key);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw searchErrors.integerParam(key, raw);
  return n;
}
