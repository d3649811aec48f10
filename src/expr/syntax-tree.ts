// The syntax tree the parser builds (parser.ts) and the visitor turns into a plan (visit.ts): a node
// kind for each labelled alternative of Plan.g4's `expr` rule, spanning the tokens s..e of the text.
import type { Token } from './lexer.js';

/**
 * `depth`: the levels of the subtree (a leaf is 1). The parser refuses a tree deeper than
 * MAX_EXPR_DEPTH (recognizer.ts), so every pass that recurses over the tree or its plan stays
 * within the stack. A chain of one logical operator (`a or b or c ...`) is one node whose operands
 * are `items`, in order: it is one level however long, and the passes loop over it.
 */
export type Node = { s: number; e: number; depth: number } & (
  | { k: 'Integer'; tok: Token }
  | { k: 'Floating'; tok: Token }
  | { k: 'Boolean'; tok: Token }
  | { k: 'String'; tok: Token }
  | { k: 'Identifier'; tok: Token }
  | { k: 'JSONIdentifier'; tok: Token }
  | { k: 'TemplateVariable'; name: string }
  | { k: 'Parens'; x: Node }
  | { k: 'Array'; items: Node[] }
  | { k: 'EmptyArray' }
  | { k: 'Exists'; x: Node }
  | { k: 'Like'; l: Node; r: Node }
  | { k: 'TextMatch'; id: Token; x: Node; minShouldMatch?: Token }
  | { k: 'PhraseMatch'; id: Token; x: Node; slop?: Node }
  | { k: 'RandomSample'; x: Node }
  | { k: 'Power'; l: Node; r: Node }
  | { k: 'Unary'; op: Token; x: Node }
  | { k: 'MulDivMod'; op: Token; l: Node; r: Node }
  | { k: 'AddSub'; op: Token; l: Node; r: Node }
  | { k: 'Shift'; op: Token; l: Node; r: Node }
  | { k: 'Term'; not: boolean; l: Node; r: Node }
  | { k: 'JSONContains'; fn: Token; which: 'Contains' | 'ContainsAll' | 'ContainsAny'; a: Node; b: Node }
  | { k: 'ST'; fn: Token; id: Token; x: Node; d?: Node }
  | { k: 'ArrayLength'; id: Token }
  | { k: 'Call'; name: Token; args: Node[] }
  | { k: 'Range'; l: Node; op1: Token; id: Token; op2: Token; r: Node }
  | { k: 'ReverseRange'; l: Node; op1: Token; id: Token; op2: Token; r: Node }
  | { k: 'Relational'; op: Token; l: Node; r: Node }
  | { k: 'Equality'; op: Token; l: Node; r: Node }
  | { k: 'BitAnd'; l: Node; r: Node }
  | { k: 'BitXor'; l: Node; r: Node }
  | { k: 'BitOr'; l: Node; r: Node }
  | { k: 'LogicalAnd'; items: Node[] }
  | { k: 'LogicalOr'; items: Node[] }
  | { k: 'IsNull'; id: Token }
  | { k: 'IsNotNull'; id: Token }
  | { k: 'TimestamptzForward'; id: Token; arith?: Token; interval?: Token; op: Token; value: Token }
  | { k: 'TimestamptzReverse'; id: Token; arith?: Token; interval?: Token; op: Token; value: Token }
);

/** The text ANTLR's GetText gives a subtree: its tokens' texts, joined without the skipped blanks. */
export function nodeText(tokens: Token[], n: { s: number; e: number }): string {
  let out = '';
  for (let i = n.s; i <= n.e; i++) out += tokens[i]!.text;
  return out;
}

/** The fields of a node that hold one subtree, and those that hold a list of subtrees. */
const SUBTREE_KEYS = ['x', 'l', 'r', 'a', 'b', 'd', 'slop'] as const;
const SUBTREE_LIST_KEYS = ['items', 'args'] as const;

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && 'depth' in x;
}

/** The greatest depth among a node's subtrees (0 for a leaf), without collecting them. */
export function maxDepth(n: Node): number {
  let depth = 0;
  const fields = n as unknown as Record<string, unknown>;
  for (const key of SUBTREE_KEYS) {
    const x = fields[key];
    if (isNode(x) && x.depth > depth) depth = x.depth;
  }
  for (const key of SUBTREE_LIST_KEYS) {
    const list = fields[key];
    if (Array.isArray(list)) for (const x of list) if (isNode(x) && x.depth > depth) depth = x.depth;
  }
  return depth;
}
