// Milvus's request parameters as key/value lists, with numbers carried in strings. Milvus's proxy
// reads the integers with Go's strconv.ParseInt(s, 0, 64) and the flags with strconv.ParseBool, so
// a value is accepted here exactly when Go accepts it: no blanks, no exponent, no fraction, and
// Go's base prefixes (0x, 0o, 0b, a leading 0 for octal) and digit underscores.
import { parseGoBool } from '../catalog/index.js';
import { searchErrors } from '../errors.js';

export function keyValues(pairs: { key: string; value: string }[] | undefined): Map<string, string> {
  return new Map((pairs ?? []).map((p) => [p.key, String(p.value)]));
}

/** Why strconv.ParseInt refused a text: its error is "invalid syntax" or "value out of range". */
export type GoParseIntResult = { value: bigint } | { error: 'invalid syntax' | 'value out of range' };

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** Go's underscoreOK: `_` only between digits, or between a base prefix and a digit. */
function underscoresOk(text: string): boolean {
  let s = text[0] === '+' || text[0] === '-' ? text.slice(1) : text;
  let saw = '^';
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1]!)) {
    hex = s[1] === 'x' || s[1] === 'X';
    saw = '0';
    s = s.slice(2);
  }
  for (const c of s) {
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) saw = '0';
    else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

/** strconv.ParseInt(text, 0, 64). */
export function goParseInt(text: string): GoParseIntResult {
  let s = text;
  let negative = false;
  if (s[0] === '+' || s[0] === '-') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '') return { error: 'invalid syntax' };
  let base = 10n;
  if (s[0] === '0') {
    const p = s[1];
    if (s.length >= 3 && (p === 'b' || p === 'B')) [base, s] = [2n, s.slice(2)];
    else if (s.length >= 3 && (p === 'o' || p === 'O')) [base, s] = [8n, s.slice(2)];
    else if (s.length >= 3 && (p === 'x' || p === 'X')) [base, s] = [16n, s.slice(2)];
    else [base, s] = [8n, s.slice(1)];
  }
  let n = 0n;
  let underscores = false;
  for (const c of s) {
    if (c === '_') {
      underscores = true;
      continue;
    }
    const d = /[0-9]/.test(c) ? BigInt(c.charCodeAt(0) - 48) : /[a-zA-Z]/.test(c) ? BigInt(c.toLowerCase().charCodeAt(0) - 87) : 99n;
    if (d >= base) return { error: 'invalid syntax' };
    n = n * base + d;
  }
  if (underscores && !underscoresOk(text)) return { error: 'invalid syntax' };
  const value = negative ? -n : n;
  if (value > INT64_MAX || value < INT64_MIN) return { error: 'value out of range' };
  return { value };
}

/** A parsed int64 as a JS number (exact up to 2^53; beyond, only ever compared against small bounds). */
export function goInt(text: string): number | undefined {
  const r = goParseInt(text);
  return 'value' in r ? Number(r.value) : undefined;
}

/**
 * `round_decimal` of a Search's search_params or a HybridSearch's rank_params, as Milvus 2.6's
 * parseSearchInfo / parseRankParams read it: -1 (scores as computed) when absent, else an integer
 * (strconv.ParseInt) that is -1 or in [0, 6]; anything else, the empty text included, is refused.
 */
export function roundDecimalParam(params: ReadonlyMap<string, string>): number {
  const raw = params.get('round_decimal');
  if (raw === undefined) return -1;
  const n = goInt(raw);
  if (n === undefined || (n !== -1 && (n < 0 || n > 6))) throw searchErrors.roundDecimal(raw);
  return n;
}

/** isIgnoreGrowing: `ignore_growing` read with Go's ParseBool; false when absent. */
export function ignoreGrowingParam(params: ReadonlyMap<string, string>): boolean {
  const raw = params.get('ignore_growing');
  if (raw === undefined) return false;
  const v = parseGoBool(raw);
  if (v === undefined) throw searchErrors.ignoreGrowingInvalid();
  return v;
}
