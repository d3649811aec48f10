// LIKE patterns as src/expr/like.ts likeMatcher matches them (a linear wildcard walk) agree with LIKE's
// own meaning, for patterns made of every punctuation character a regular expression treats
// specially: `%` any run of characters, `_` one character, `\` makes the next one literal, and
// everything else is itself (Milvus's translate_pattern_match_to_regex). The reference below
// matches by those rules directly. The fuzz suite (test/fuzz) found that the regular expression
// LIKE was once translated to broke on a `-`; the matcher that replaced it is held to the same rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { likeMatcher } from '../../src/expr/like.js';

type Token = { any: true } | { one: true } | { literal: string };

/** A pattern's tokens, by code point; a `\` at the very end is dropped, as likeMatcher drops it. */
function tokens(pattern: string): Token[] {
  const out: Token[] = [];
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\') {
      if (i + 1 < chars.length) out.push({ literal: chars[++i]! });
    } else if (c === '%') out.push({ any: true });
    else if (c === '_') out.push({ one: true });
    else out.push({ literal: c });
  }
  return out;
}

/** Whether `value` matches `pattern` as a whole, by LIKE's rules (dynamic programming over code points). */
function likeMatches(pattern: string, value: string): boolean {
  const ts = tokens(pattern);
  const vs = [...value];
  // can[i][j]: the first i tokens match the first j characters
  let row = Array.from({ length: vs.length + 1 }, (_, j) => j === 0);
  for (const t of ts) {
    const next = Array.from({ length: vs.length + 1 }, () => false);
    for (let j = 0; j <= vs.length; j++) {
      if ('any' in t) next[j] = row[j]! || (j > 0 && next[j - 1]!);
      else if (j > 0) next[j] = row[j - 1]! && ('one' in t || vs[j - 1] === t.literal);
    }
    row = next;
  }
  return row[vs.length]!;
}

const alphabet = fc.constantFrom(
  'a',
  'b',
  '-',
  '/',
  '.',
  '*',
  '+',
  '?',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '^',
  '$',
  '|',
  ',',
  ':',
  '=',
  '!',
  '<',
  '>',
  '#',
  ' ',
  '\n',
  'é',
  '日',
  '🐦',
);
const patternChar = fc.oneof(
  { weight: 6, arbitrary: alphabet },
  { weight: 1, arbitrary: fc.constantFrom('%', '_', '\\%', '\\_', '\\\\', '\\-', '\\a') },
);

test('likeMatcher matches as LIKE does, whatever punctuation the pattern holds', () => {
  fc.assert(
    fc.property(fc.array(patternChar, { maxLength: 8 }), fc.array(alphabet, { maxLength: 8 }), (pattern, value) => {
      const p = pattern.join('');
      const v = value.join('');
      assert.equal(likeMatcher(p)(v), likeMatches(p, v), `pattern ${JSON.stringify(p)} on ${JSON.stringify(v)}`);
    }),
    { seed: 13, numRuns: 2000 },
  );
});

test('likeMatcher: a pattern with - and / matches itself and what its wildcards allow', () => {
  assert.ok(likeMatcher('-% ')('-x '));
  assert.ok(likeMatcher('a-_/%')('a-b/c/d'));
  assert.ok(!likeMatcher('a-_/%')('a-/c'));
});
