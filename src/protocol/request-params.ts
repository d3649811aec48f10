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

/**
 * `round_decimal` of a Search's search_params or a HybridSearch's rank_params, as Milvus 2.6's
 * parseSearchInfo / parseRankParams read it: -1 (scores as computed) when absent, else an integer
 * in [0, 6] or -1; anything else, the empty text included, is refused.
 */
export function roundDecimalParam(params: ReadonlyMap<string, string>): number {
  const raw = params.get('round_decimal');
  if (raw === undefined) return -1;
  const n = Number(raw);
  if (raw.trim() !== raw || raw === '' || !Number.isInteger(n) || (n !== -1 && (n < 0 || n > 6))) throw searchErrors.roundDecimal(raw);
  return n;
}
