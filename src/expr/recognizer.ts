// What ANTLR's runtime does around the parser it generates from Plan.g4, reproduced for ours
// (parser.ts holds the grammar rules): a cursor over the tokens, strict speculative parsing for
// what ANTLR's adaptive prediction decides by looking ahead, and DefaultErrorStrategy's
// single-token recovery with its texts ("extraneous input", "missing", "mismatched input",
// "no viable alternative").
import { ExpressionTooDeep, FilterSyntaxError } from './errors.js';
import { escapeWS, LITERAL_NAMES, T, type Token, type TokenStream } from './lexer.js';
import { maxDepth, type Node } from './syntax-tree.js';

export interface ParseResult {
  tree: Node;
  /** Index of the first token not consumed (EOF when the whole text parsed). */
  stop: number;
  errors: FilterSyntaxError[];
}

/** Thrown to abandon a speculative parse, or the rule after an unrecoverable error (which it then carries). */
export class Fail extends Error {
  constructor(readonly error?: FilterSyntaxError) {
    super('parse failure');
  }
}

/**
 * The Fail that abandons a speculative parse. It carries nothing, so one instance serves every
 * attempt: a new Error records a stack trace, which would cost more than the attempt itself (an
 * attempt is made for each name in the text, see parser.ts startingWithIdentifier).
 */
const ABANDON = new Fail();

// Tokens that may follow a complete operand: what ANTLR's single-token insertion checks.
const FOLLOW = new Set<T>([
  T.EOF,
  T.RPAREN,
  T.RBRACKET,
  T.COMMA,
  T.RBRACE,
  T.LIKE,
  T.POW,
  T.MUL,
  T.DIV,
  T.MOD,
  T.ADD,
  T.SUB,
  T.SHL,
  T.SHR,
  T.NOT,
  T.IN,
  T.LT,
  T.LE,
  T.GT,
  T.GE,
  T.EQ,
  T.NE,
  T.BAND,
  T.BXOR,
  T.BOR,
  T.AND,
  T.OR,
]);

function tokenDisplay(t: Token): string {
  return t.type === T.EOF ? "'<EOF>'" : `'${escapeWS(t.text)}'`;
}

function names(types: T[]): string {
  const ns = types.map((t) => LITERAL_NAMES[t] ?? String(t));
  return ns.length === 1 ? ns[0]! : `{${ns.join(', ')}}`;
}

/**
 * The deepest syntax tree a filter may have: nesting (parentheses, `not`, operands, lists) and
 * chains of a left-associative operator (`a + b + c...`, each `+` one level) count. A chain of
 * `and`s or of `or`s is one level however long (the parser builds it as one node). The passes
 * after the parser (visit, fill, compile, columnar) recurse once per level; at this depth the
 * deepest of them stays well within Node's default stack.
 */
export const MAX_EXPR_DEPTH = 1000;

export abstract class Recognizer {
  /** Index of the current token. */
  protected pos = 0;
  /** How many rule invocations are open: refused past MAX_EXPR_DEPTH before the stack runs out. */
  private level = 0;
  /** > 0 while parsing speculatively: an error then abandons the attempt instead of being reported or recovered from. */
  private spec = 0;
  private readonly errors: FilterSyntaxError[] = [];

  constructor(protected readonly tokens: TokenStream) {}

  /** Run the start rule. An error it cannot recover from ends the parse: an empty tree, and that error last. */
  protected parseWith(start: () => Node): ParseResult {
    try {
      const tree = start();
      return { tree, stop: this.pos, errors: this.errors };
    } catch (e) {
      if (e instanceof Fail && e.error) {
        this.errors.push(e.error);
        return { tree: { k: 'EmptyArray', s: 0, e: 0, depth: 1 }, stop: this.pos, errors: this.errors };
      }
      throw e;
    }
  }

  protected cur(): Token {
    return this.tokens.at(this.pos);
  }

  /** The k-th token from the current one (la(1) is the current one); EOF past the end. */
  protected la(k: number): Token {
    return this.tokens.at(this.pos + k - 1);
  }

  /**
   * A node spanning the tokens from `s` to the last one consumed; refused deeper than
   * MAX_EXPR_DEPTH. `n` is the fresh literal each rule builds, completed in place (no copy).
   */
  protected node<N extends Omit<Node, 's' | 'e' | 'depth'>>(n: N, s: number): N & { s: number; e: number; depth: number } {
    const built = n as N & { s: number; e: number; depth: number };
    built.s = s;
    built.e = this.pos - 1;
    built.depth = 1 + maxDepth(built as unknown as Node);
    if (built.depth > MAX_EXPR_DEPTH) throw new ExpressionTooDeep(MAX_EXPR_DEPTH);
    return built;
  }

  /** `chain` with `item` added as its last operand, spanning up to the last token consumed. */
  protected extendChain(chain: Extract<Node, { items: Node[] }>, item: Node): Node {
    chain.items.push(item);
    chain.e = this.pos - 1;
    chain.depth = Math.max(chain.depth, item.depth + 1);
    if (chain.depth > MAX_EXPR_DEPTH) throw new ExpressionTooDeep(MAX_EXPR_DEPTH);
    return chain;
  }

  /** Run one rule invocation that may recurse, refusing nesting past MAX_EXPR_DEPTH before it is entered. */
  protected nested<R>(rule: () => R): R {
    if (this.level >= MAX_EXPR_DEPTH) throw new ExpressionTooDeep(MAX_EXPR_DEPTH);
    this.level++;
    try {
      return rule();
    } finally {
      this.level--;
    }
  }

  /** Abandon the speculative parse under way. */
  protected abandon(): never {
    throw ABANDON;
  }

  /** Try `f` strictly; on failure restore the position and return undefined. */
  protected attempt<R>(f: () => R): R | undefined {
    const save = this.pos;
    this.spec++;
    try {
      return f();
    } catch (e) {
      if (e instanceof Fail) {
        this.pos = save;
        return undefined;
      }
      throw e;
    } finally {
      this.spec--;
    }
  }

  /** Abandon the rule with an error at `t`; while speculating, only the attempt (the error is never seen). */
  private fail(t: Token, msg: string): never {
    if (this.spec > 0) this.abandon();
    throw new Fail(new FilterSyntaxError(t.line, t.column, msg, t.offset));
  }

  private report(t: Token, msg: string): void {
    this.errors.push(new FilterSyntaxError(t.line, t.column, msg, t.offset));
  }

  /** No alternative of the rule started at token `start` matches what follows. */
  protected noViable(start: number): never {
    const t = this.cur();
    const text = this.tokens
      .slice(start, t.index)
      .map((x) => (x.type === T.EOF ? '<EOF>' : x.text))
      .join('');
    return this.fail(t, `no viable alternative at input '${escapeWS(text)}'`);
  }

  /** The current token is none of `expected`, and the rule cannot go on without one. */
  protected mismatch(expected: T[]): never {
    const t = this.cur();
    return this.fail(t, `mismatched input ${tokenDisplay(t)} expecting ${names(expected)}`);
  }

  /** Match one token, recovering as ANTLR's recoverInline does outside speculation. */
  protected expect(type: T): Token {
    const t = this.cur();
    if (t.type === type) {
      this.pos++;
      return t;
    }
    if (this.spec > 0) this.abandon();
    if (this.la(2).type === type) {
      this.report(t, `extraneous input ${tokenDisplay(t)} expecting ${names([type])}`);
      this.pos += 2;
      return this.tokens.at(this.pos - 1);
    }
    if (FOLLOW.has(t.type)) {
      this.report(t, `missing ${names([type])} at ${tokenDisplay(t)}`);
      return { ...t, type, text: `<missing ${names([type])}>` };
    }
    return this.mismatch([type]);
  }

  /** Inside a list: after an element expect ',' or the closer (ANTLR's sync before the loop). */
  protected syncList(closer: T): void {
    const t = this.cur();
    if (t.type === T.COMMA || t.type === closer) return;
    if (this.spec > 0) this.abandon();
    if (this.la(2).type === T.COMMA || this.la(2).type === closer) {
      this.report(t, `extraneous input ${tokenDisplay(t)} expecting ${names([T.COMMA, closer])}`);
      this.pos++;
      return;
    }
    this.mismatch([T.COMMA, closer]);
  }
}
