// LIKE patterns (planparserv2/pattern_match.go and segcore's RegexQuery.cpp): `%` any run, `_` one
// character, `\` escapes the next character. Simple shapes become an equality, a prefix, a suffix
// or an infix test; anything else a regular expression matched against the whole value.
import type { MatchOp } from './plan.js';
import type { CmpOp } from './values.js';

/** optimizeLikePattern + translatePatternMatch: the op and its operand. */
export function translatePatternMatch(pattern: string): [CmpOp | MatchOp, string] {
  if (pattern.length === 0) return ['eq', ''];
  if (pattern === '%' || pattern === '%%') return ['prefix', ''];
  const process = (s: string): string | undefined => {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (c === '\\' && i + 1 < s.length) {
        const next = s[i + 1]!;
        if (next === '_' || next === '%') {
          out += next;
          i++;
          continue;
        }
      }
      if (c === '_' || c === '%') return undefined;
      out += c;
    }
    return out;
  };
  const leading = pattern[0] === '%';
  const trailing = pattern[pattern.length - 1] === '%';
  if (leading && trailing) {
    const inner = pattern.slice(1, -1).replace(/^%+/, '').replace(/%+$/, '');
    const sub = process(inner);
    if (sub !== undefined) return sub.length === 0 ? ['prefix', ''] : ['inner', sub];
  } else if (leading) {
    const sub = process(pattern.slice(1).replace(/^%+/, ''));
    if (sub !== undefined) return ['postfix', sub];
  } else if (trailing) {
    const sub = process(pattern.slice(0, -1).replace(/%+$/, ''));
    if (sub !== undefined) return ['prefix', sub];
  } else {
    const sub = process(pattern);
    if (sub !== undefined) return ['eq', sub];
  }
  return ['match', pattern];
}

/** A pattern element: a literal code point, or `%` (any run) or `_` (one code point). */
const ANY_RUN = 0;
const ONE = 1;
type PatternElement = string | typeof ANY_RUN | typeof ONE;

function patternElements(pattern: string): PatternElement[] {
  const out: PatternElement[] = [];
  let escape = false;
  for (const c of pattern) {
    if (escape) {
      out.push(c);
      escape = false;
    } else if (c === '\\') escape = true;
    else if (c === '%') {
      if (out[out.length - 1] !== ANY_RUN) out.push(ANY_RUN);
    } else if (c === '_') out.push(ONE);
    else out.push(c);
  }
  return out;
}

/**
 * translate_pattern_match_to_regex matched with RE2's FullMatch: `%` any run, `_` one code point,
 * `\` escapes the next character, the whole value must match. RE2 runs in linear time, and so
 * must this: a backtracking RegExp takes exponential time on patterns like `%a%a%a...%b`, so
 * the match is the greedy wildcard walk that backtracks only to the last `%` (at most
 * pattern x value steps).
 */
export function likeMatcher(pattern: string): (value: string) => boolean {
  const p = patternElements(pattern);
  return (value) => {
    const s = [...value];
    let i = 0;
    let j = 0;
    let star = -1;
    let mark = 0;
    while (i < s.length) {
      const e = p[j];
      if (j < p.length && e !== ANY_RUN && (e === ONE || e === s[i])) {
        i++;
        j++;
      } else if (e === ANY_RUN) {
        star = j++;
        mark = i;
      } else if (star !== -1) {
        j = star + 1;
        i = ++mark;
      } else return false;
    }
    while (p[j] === ANY_RUN) j++;
    return j === p.length;
  };
}
