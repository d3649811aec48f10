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

/** translate_pattern_match_to_regex, anchored at both ends (RE2 FullMatch). */
export function likeToRegExp(pattern: string): RegExp {
  let r = '';
  let escape = false;
  for (const c of pattern) {
    if (escape) {
      r += /[\\.+*?()|[\]{}^$]/.test(c) ? '\\' + c : c;
      escape = false;
    } else if (c === '\\') escape = true;
    else if (c === '%') r += '[\\s\\S]*';
    else if (c === '_') r += '[\\s\\S]';
    // Only the characters with a meaning outside a character class are escaped: in Unicode mode
    // an escape that means nothing (`\-`) is a syntax error, not the character itself.
    else r += /[\\.+*?()|[\]{}^$/]/.test(c) ? '\\' + c : c;
  }
  return new RegExp(`^(?:${r})$`, 'u');
}
