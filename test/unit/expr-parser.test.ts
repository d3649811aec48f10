// The parser's trees: precedence, associativity, where a parse stops and the errors it recovers
// from or gives up at. expr.test.ts checks what the trees select; this pins their shape, written
// as `(Kind tokens... operands...)`, so a change to the rules cannot regroup an expression unseen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, TokenStream, type Token } from '../../src/expr/lexer.js';
import { parse } from '../../src/expr/parser.js';
import { nodeText, type Node } from '../../src/expr/syntax-tree.js';

const LEAVES = new Set<Node['k']>(['Integer', 'Floating', 'Boolean', 'String', 'Identifier', 'JSONIdentifier', 'EmptyArray', 'TemplateVariable']);

/** A node as `(Kind ...)`: its tokens' texts and its operands in field order; a leaf as its text. */
function show(tokens: Token[], n: Node): string {
  if (LEAVES.has(n.k)) return nodeText(tokens, n);
  const parts: string[] = [n.k];
  for (const [key, v] of Object.entries(n)) {
    if (key === 'k' || key === 's' || key === 'e' || key === 'depth' || key === 'which' || v === undefined) continue;
    if (key === 'not') {
      if (v) parts.push('not');
    } else if (Array.isArray(v)) {
      parts.push(`[${(v as Node[]).map((x) => show(tokens, x)).join(' ')}]`);
    } else {
      parts.push('k' in v ? show(tokens, v as Node) : (v as Token).text);
    }
  }
  return `(${parts.join(' ')})`;
}

function parseText(text: string) {
  const stream = new TokenStream(text);
  const { tree, stop, errors } = parse(stream);
  const { tokens } = stream.drain();
  return { tokens, tree, stop: tokens[stop]!, errors: errors.map((e) => e.message) };
}

// [expression, tree]: the whole text parses.
const shapes: [string, string][] = [
  ['a + b * c', '(AddSub + a (MulDivMod * b c))'],
  ['a - b - c', '(AddSub - (AddSub - a b) c)'],
  ['a ** b ** c', '(Power ** (Power ** a b) c)'],
  ['a * b % c / d', '(MulDivMod / (MulDivMod % (MulDivMod * a b) c) d)'],
  ['a << 1 + 2', '(Shift << a (AddSub + 1 2))'],
  ['-a ** 2', '(Unary - (Power ** a 2))'],
  ['-a * b', '(MulDivMod * (Unary - a) b)'],
  ['not a == b', '(Equality == (Unary not a) b)'],
  ['~a & b | c ^ d', '(BitOr | (BitAnd & (Unary ~ a) b) (BitXor ^ c d))'],
  ['a || b && c', '(LogicalOr [a (LogicalAnd [b c])])'],
  ['a or b and not c', '(LogicalOr [a (LogicalAnd [b (Unary not c)])])'],
  // A chain of one logical operator is one node, its operands in order; `and` binds tighter, so
  // alternating precedence is an `or` of `and`s; parentheses keep their own node.
  ['a or b || c or d', '(LogicalOr [a b c d])'],
  ['a and b && c', '(LogicalAnd [a b c])'],
  ['a and b or c and d or e', '(LogicalOr [(LogicalAnd [a b]) (LogicalAnd [c d]) e])'],
  ['(a or b) or c', '(LogicalOr [(Parens (LogicalOr [a b])) c])'],
  ['a or (b or c)', '(LogicalOr [a (Parens (LogicalOr [b c]))])'],
  ['not a or not b', '(LogicalOr [(Unary not a) (Unary not b)])'],
  ['exists j["a"] like "x%"', '(Like like (Exists j["a"]) "x%")'],
  ['a like "x%" == true', '(Equality == (Like like a "x%") true)'],
  ['1 < a <= 2', '(Range 1 < a <= 2)'],
  ['1 > a >= 0', '(ReverseRange 1 > a >= 0)'],
  ['a < b > c', '(Relational > (Relational < a b) c)'],
  ['1 < a < 2 < 3', '(Relational < (Range 1 < a < 2) 3)'],
  ['a + 1 < b', '(Relational < (AddSub + a 1) b)'],
  ['a < b == c < d', '(Equality == (Relational < a b) (Relational < c d))'],
  ['a in [1, 2,] and b not in [3]', '(LogicalAnd [(Term a (Array [1 2])) (Term not b (Array [3]))])'],
  ['a in [] or $meta["k"] in {v}', '(LogicalOr [(Term a []) (Term $meta["k"] {v})])'],
  ['a + 1 in [2]', '(Term (AddSub + a 1) (Array [2]))'],
  ['(a + b) * c', '(MulDivMod * (Parens (AddSub + a b)) c)'],
  ['[a, [1, 2]]', '(Array [a (Array [1 2])])'],
  ['f(a, b)', '(Call f [a b])'],
  ['f()', '(Call f [])'],
  ['f(a,)', '(Call f [a])'],
  [
    'json_contains(j["x"], 1) && array_contains_all(ai, [1])',
    '(LogicalAnd [(JSONContains json_contains j["x"] 1) (JSONContains array_contains_all ai (Array [1]))])',
  ],
  ['array_length(ai) == 2', '(Equality == (ArrayLength ai) 2)'],
  ['array_length(j["a"]) > 0', '(Relational > (ArrayLength j["a"]) 0)'],
  ['text_match(t, "x", minimum_should_match=2)', '(TextMatch t "x" 2)'],
  ['phrase_match(t, "a b", 1)', '(PhraseMatch t "a b" 1)'],
  ['random_sample(0.5)', '(RandomSample 0.5)'],
  ['st_dwithin(g, "POINT(0 0)", 1.5)', '(ST st_dwithin g "POINT(0 0)" 1.5)'],
  ['st_equals(g, "POINT(0 0)")', '(ST st_equals g "POINT(0 0)")'],
  ['ts + interval "P1D" > iso "2025-01-01"', '(TimestamptzForward ts + "P1D" > "2025-01-01")'],
  ['iso "2025-01-01" <= ts - interval "PT1H"', '(TimestamptzReverse ts - "PT1H" <= "2025-01-01")'],
  ['a is null or j["x"] is not null', '(LogicalOr [(IsNull a) (IsNotNull j["x"])])'],
];

// [expression, tree, first token not consumed]: an operator whose operand cannot complete ends the
// expression before it (Milvus then says "invalid expression").
const stops: [string, string, string][] = [
  ['f(a +)', 'f', '('],
  ['$meta is null', '$meta', 'is null'],
  ['a +', 'a', '+'],
  ['a < b <', '(Relational < a b)', '<'],
  ['a in', 'a', 'in'],
  ['a not', 'a', 'not'],
  ['a == )', 'a', '=='],
  ['f(a b)', 'f', '('],
  ['a or b or', '(LogicalOr [a b])', 'or'],
  ['a and b or c and', '(LogicalOr [(LogicalAnd [a b]) c])', 'and'],
];

// [expression, errors]: inside brackets and function calls errors are ANTLR's.
const errors: [string, string][] = [
  ['(a', "line 1:2 missing ')' at '<EOF>'"],
  ['[1 2]', "line 1:3 extraneous input '2' expecting {',', ']'}"],
  ['array_length(1)', "line 1:13 mismatched input '1' expecting {Identifier, JSONIdentifier}"],
  ['iso 1', "line 1:0 no viable alternative at input 'iso'"],
  ['{x', "line 1:2 missing '}' at '<EOF>'"],
];

test('the parser groups operators as ANTLR does for Plan.g4', () => {
  for (const [text, want] of shapes) {
    const { tokens, tree, stop, errors } = parseText(text);
    assert.deepEqual(errors, [], text);
    assert.equal(stop.type, T.EOF, text);
    assert.equal(show(tokens, tree), want, text);
  }
});

test('an operator without a complete operand ends the expression before it', () => {
  for (const [text, want, leftover] of stops) {
    const { tokens, tree, stop, errors } = parseText(text);
    assert.deepEqual(errors, [], text);
    assert.equal(show(tokens, tree), want, text);
    assert.equal(stop.text, leftover, text);
  }
});

test('syntax errors have ANTLR texts and positions', () => {
  for (const [text, want] of errors) assert.equal(parseText(text).errors.join('; '), want, text);
});

test('a logical chain spans its text and is one level deep, however long', () => {
  const text = Array.from({ length: 5000 }, (_, i) => `a == ${i}`).join(' or ');
  const { tokens, tree, stop } = parseText(text);
  assert.equal(stop.type, T.EOF);
  assert.equal(tree.k, 'LogicalOr');
  assert.equal(tree.k === 'LogicalOr' && tree.items.length, 5000);
  assert.equal(nodeText(tokens, tree), text.replace(/ /g, ''));
  // an Equality of two leaves is 2 deep; the chain one more
  assert.equal(tree.depth, 3);
  const mixed = parseText(Array.from({ length: 5000 }, (_, i) => `a == ${i} and b == ${i}`).join(' or ')).tree;
  assert.equal(mixed.depth, 4);
});
