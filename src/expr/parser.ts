// The parser: tokens -> syntax tree (Plan.g4's `expr` rule). A precedence-climbing parser whose
// binding powers are the precedences ANTLR generates for Plan.g4 (Like 34, Power 30, MulDivMod
// 28, AddSub 27, Shift 26, Term 25, Range 11, ReverseRange 10, Relational 9, Equality 8, BitAnd 7,
// BitXor 6, BitOr 5, And 4, Or 3; prefix Unary binds its operand at 29, Exists at 35).
//
// ANTLR's adaptive prediction decides whether to continue after an operator by looking ahead; when
// what follows cannot complete an operand it *exits* instead of reporting an error, and Milvus then
// rejects the leftover with "invalid expression: <expr>". We reproduce that by parsing every
// operand after a binary operator speculatively and strictly (no error recovery) and backing out
// when it fails. Inside an alternative ANTLR has committed to (parentheses, brackets, function
// arguments) errors are reported the way ANTLR's DefaultErrorStrategy words them.
import { FilterSyntaxError } from './errors.js';
import { escapeWS, LITERAL_NAMES, T, type Token } from './lexer.js';

export type CmpTok = T.LT | T.LE | T.GT | T.GE | T.EQ | T.NE;

export type Node = { s: number; e: number } & (
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
  | { k: 'LogicalAnd'; l: Node; r: Node }
  | { k: 'LogicalOr'; l: Node; r: Node }
  | { k: 'IsNull'; id: Token }
  | { k: 'IsNotNull'; id: Token }
  | { k: 'TimestamptzForward'; id: Token; arith?: Token; interval?: Token; op: Token; value: Token }
  | { k: 'TimestamptzReverse'; id: Token; arith?: Token; interval?: Token; op: Token; value: Token }
);

export interface ParseResult {
  tree: Node;
  /** Index of the first token not consumed (EOF when the whole text parsed). */
  stop: number;
  errors: FilterSyntaxError[];
}

/** Thrown to abandon a speculative parse, or the rule after an unrecoverable error. */
class Fail extends Error {
  constructor(readonly error?: FilterSyntaxError) {
    super('parse failure');
  }
}

const CMP = new Set<T>([T.LT, T.LE, T.GT, T.GE, T.EQ, T.NE]);
// Tokens that may follow a complete operand: what ANTLR's single-token insertion checks.
const FOLLOW = new Set<T>([
  T.EOF, T.RPAREN, T.RBRACKET, T.COMMA, T.RBRACE, T.LIKE, T.POW, T.MUL, T.DIV, T.MOD, T.ADD, T.SUB,
  T.SHL, T.SHR, T.NOT, T.IN, T.LT, T.LE, T.GT, T.GE, T.EQ, T.NE, T.BAND, T.BXOR, T.BOR, T.AND, T.OR,
]);

export function tokenDisplay(t: Token): string {
  return t.type === T.EOF ? "'<EOF>'" : `'${escapeWS(t.text)}'`;
}

function names(types: T[]): string {
  const ns = types.map((t) => LITERAL_NAMES[t] ?? String(t));
  return ns.length === 1 ? ns[0]! : `{${ns.join(', ')}}`;
}

export function parse(tokens: Token[]): ParseResult {
  let p = 0;
  let spec = 0; // > 0 while parsing speculatively
  const errors: FilterSyntaxError[] = [];

  const cur = (): Token => tokens[p]!;
  const la = (k: number): Token => tokens[Math.min(p + k - 1, tokens.length - 1)]!;
  const err = (t: Token, msg: string): FilterSyntaxError => new FilterSyntaxError(t.line, t.column, msg, t.offset);
  const text = (s: number, e: number): string =>
    tokens
      .slice(s, e + 1)
      .map((t) => (t.type === T.EOF ? '<EOF>' : t.text))
      .join('');

  const noViable = (start: number): never => {
    const t = cur();
    throw new Fail(err(t, `no viable alternative at input '${escapeWS(text(start, t.index))}'`));
  };

  /** Match one token, recovering as ANTLR's recoverInline does outside speculation. */
  const expect = (type: T): Token => {
    const t = cur();
    if (t.type === type) {
      p++;
      return t;
    }
    if (spec > 0) throw new Fail();
    if (la(2).type === type) {
      errors.push(err(t, `extraneous input ${tokenDisplay(t)} expecting ${names([type])}`));
      p += 2;
      return tokens[p - 1]!;
    }
    if (FOLLOW.has(t.type)) {
      errors.push(err(t, `missing ${names([type])} at ${tokenDisplay(t)}`));
      return { ...t, type, text: `<missing ${names([type])}>` };
    }
    throw new Fail(err(t, `mismatched input ${tokenDisplay(t)} expecting ${names([type])}`));
  };

  /** Inside a list: after an element expect ',' or the closer (ANTLR's sync before the loop). */
  const syncList = (closer: T): void => {
    const t = cur();
    if (t.type === T.COMMA || t.type === closer) return;
    if (spec > 0) throw new Fail();
    if (la(2).type === T.COMMA || la(2).type === closer) {
      errors.push(err(t, `extraneous input ${tokenDisplay(t)} expecting ${names([T.COMMA, closer])}`));
      p++;
      return;
    }
    throw new Fail(err(t, `mismatched input ${tokenDisplay(t)} expecting ${names([T.COMMA, closer])}`));
  };

  /** Try `f` strictly; on failure restore the position and return undefined. */
  function attempt<R>(f: () => R): R | undefined {
    const save = p;
    spec++;
    try {
      return f();
    } catch (e) {
      if (e instanceof Fail) {
        p = save;
        return undefined;
      }
      throw e;
    } finally {
      spec--;
    }
  }

  const node = <N extends Omit<Node, 's' | 'e'>>(n: N, s: number): N & { s: number; e: number } => ({
    ...n,
    s,
    e: p - 1,
  });

  function primary(): Node {
    const s = p;
    const t = cur();
    switch (t.type) {
      case T.IntegerConstant:
        p++;
        return node({ k: 'Integer', tok: t }, s);
      case T.FloatingConstant:
        p++;
        return node({ k: 'Floating', tok: t }, s);
      case T.BooleanConstant:
        p++;
        return node({ k: 'Boolean', tok: t }, s);
      case T.StringLiteral:
        p++;
        return node({ k: 'String', tok: t }, s);
      case T.ISO: {
        // ISO 'time' op Identifier (+|- INTERVAL 'dur')?
        const r = attempt(() => {
          p++;
          const value = expect(T.StringLiteral);
          const op = cur();
          if (!CMP.has(op.type)) throw new Fail();
          p++;
          const id = expect(T.Identifier);
          let arith: Token | undefined;
          let interval: Token | undefined;
          if ((cur().type === T.ADD || cur().type === T.SUB) && la(2).type === T.INTERVAL && la(3).type === T.StringLiteral) {
            arith = cur();
            p += 2;
            interval = cur();
            p++;
          }
          const n: Node = node({ k: 'TimestamptzReverse', id, arith, interval, op, value }, s);
          return n;
        });
        if (r) return r;
        return noViable(s);
      }
      case T.Identifier:
      case T.Meta:
      case T.JSONIdentifier: {
        const next = la(2);
        if (next.type === T.ISNULL && t.type !== T.Meta) {
          p += 2;
          return node({ k: 'IsNull', id: t }, s);
        }
        if (next.type === T.ISNOTNULL && t.type !== T.Meta) {
          p += 2;
          return node({ k: 'IsNotNull', id: t }, s);
        }
        if (t.type === T.Identifier && next.type === T.LPAREN) {
          const call = attempt(() => callRest(s, t));
          if (call) return call;
        }
        if (t.type === T.Identifier) {
          const ts = attempt(() => {
            p++;
            let arith: Token | undefined;
            let interval: Token | undefined;
            if ((cur().type === T.ADD || cur().type === T.SUB) && la(2).type === T.INTERVAL) {
              arith = cur();
              p += 2;
              interval = expect(T.StringLiteral);
            }
            const op = cur();
            if (!CMP.has(op.type)) throw new Fail();
            p++;
            expect(T.ISO);
            const value = expect(T.StringLiteral);
            const n: Node = node({ k: 'TimestamptzForward', id: t, arith, interval, op, value }, s);
            return n;
          });
          if (ts) return ts;
        }
        p++;
        return t.type === T.JSONIdentifier ? node({ k: 'JSONIdentifier', tok: t }, s) : node({ k: 'Identifier', tok: t }, s);
      }
      case T.LBRACE: {
        p++;
        const id = expect(T.Identifier);
        expect(T.RBRACE);
        return node({ k: 'TemplateVariable', name: id.text }, s);
      }
      case T.LPAREN: {
        p++;
        const x = expr(0);
        expect(T.RPAREN);
        return node({ k: 'Parens', x }, s);
      }
      case T.LBRACKET: {
        p++;
        const items = [expr(0)];
        for (;;) {
          syncList(T.RBRACKET);
          if (cur().type === T.COMMA) {
            p++;
            if (cur().type === T.RBRACKET) break;
            items.push(expr(0));
            continue;
          }
          break;
        }
        expect(T.RBRACKET);
        return node({ k: 'Array', items }, s);
      }
      case T.EmptyArray:
        p++;
        return node({ k: 'EmptyArray' }, s);
      case T.EXISTS: {
        p++;
        const x = expr(35);
        return node({ k: 'Exists', x }, s);
      }
      case T.TEXTMATCH: {
        p++;
        expect(T.LPAREN);
        const id = expect(T.Identifier);
        expect(T.COMMA);
        const x = expr(0);
        let minShouldMatch: Token | undefined;
        if (cur().type === T.COMMA) {
          p++;
          expect(T.MINIMUM_SHOULD_MATCH);
          expect(T.ASSIGN);
          minShouldMatch = expect(T.IntegerConstant);
        }
        expect(T.RPAREN);
        return node({ k: 'TextMatch', id, x, minShouldMatch }, s);
      }
      case T.PHRASEMATCH: {
        p++;
        expect(T.LPAREN);
        const id = expect(T.Identifier);
        expect(T.COMMA);
        const x = expr(0);
        let slop: Node | undefined;
        if (cur().type === T.COMMA) {
          p++;
          slop = expr(0);
        }
        expect(T.RPAREN);
        return node({ k: 'PhraseMatch', id, x, slop }, s);
      }
      case T.RANDOMSAMPLE: {
        p++;
        expect(T.LPAREN);
        const x = expr(0);
        expect(T.RPAREN);
        return node({ k: 'RandomSample', x }, s);
      }
      case T.ADD:
      case T.SUB:
      case T.BNOT:
      case T.NOT: {
        p++;
        const x = expr(29);
        return node({ k: 'Unary', op: t, x }, s);
      }
      case T.JSONContains:
      case T.ArrayContains:
      case T.JSONContainsAll:
      case T.ArrayContainsAll:
      case T.JSONContainsAny:
      case T.ArrayContainsAny: {
        p++;
        expect(T.LPAREN);
        const a = expr(0);
        expect(T.COMMA);
        const b = expr(0);
        expect(T.RPAREN);
        const which =
          t.type === T.JSONContains || t.type === T.ArrayContains
            ? 'Contains'
            : t.type === T.JSONContainsAll || t.type === T.ArrayContainsAll
              ? 'ContainsAll'
              : 'ContainsAny';
        return node({ k: 'JSONContains', fn: t, which, a, b }, s);
      }
      case T.STEquals:
      case T.STTouches:
      case T.STOverlaps:
      case T.STCrosses:
      case T.STContains:
      case T.STIntersects:
      case T.STWithin:
      case T.STDWithin: {
        p++;
        expect(T.LPAREN);
        const id = expect(T.Identifier);
        expect(T.COMMA);
        const x = expr(0);
        let d: Node | undefined;
        if (t.type === T.STDWithin) {
          expect(T.COMMA);
          d = expr(0);
        }
        expect(T.RPAREN);
        return node({ k: 'ST', fn: t, id, x, d }, s);
      }
      case T.ArrayLength: {
        p++;
        expect(T.LPAREN);
        const id = cur();
        if (id.type !== T.Identifier && id.type !== T.JSONIdentifier) {
          if (spec > 0) throw new Fail();
          throw new Fail(err(id, `mismatched input ${tokenDisplay(id)} expecting {Identifier, JSONIdentifier}`));
        }
        p++;
        expect(T.RPAREN);
        return node({ k: 'ArrayLength', id }, s);
      }
      default:
        if (spec > 0) throw new Fail();
        return noViable(s);
    }
  }

  function callRest(s: number, name: Token): Node {
    p += 2; // Identifier '('
    const args: Node[] = [];
    if (cur().type !== T.RPAREN) {
      args.push(expr(0));
      for (;;) {
        syncList(T.RPAREN);
        if (cur().type === T.COMMA) {
          p++;
          if (cur().type === T.RPAREN) break;
          args.push(expr(0));
          continue;
        }
        break;
      }
    }
    expect(T.RPAREN);
    return node({ k: 'Call', name, args }, s);
  }

  /** Parse the right operand speculatively; undefined when it cannot complete. */
  function operand(prec: number): Node | undefined {
    return attempt(() => expr(prec));
  }

  function expr(minPrec: number): Node {
    const s = p;
    let left = primary();
    for (;;) {
      const t = cur();
      const save = p;
      let next: Node | undefined;
      switch (t.type) {
        case T.LIKE:
          if (minPrec > 34) break;
          p++;
          next = bin('Like', t, left, 35, s);
          break;
        case T.POW:
          if (minPrec > 30) break;
          p++;
          next = bin('Power', t, left, 31, s);
          break;
        case T.MUL:
        case T.DIV:
        case T.MOD:
          if (minPrec > 28) break;
          p++;
          next = bin('MulDivMod', t, left, 29, s);
          break;
        case T.ADD:
        case T.SUB:
          if (minPrec > 27) break;
          p++;
          next = bin('AddSub', t, left, 28, s);
          break;
        case T.SHL:
        case T.SHR:
          if (minPrec > 26) break;
          p++;
          next = bin('Shift', t, left, 27, s);
          break;
        case T.IN:
        case T.NOT: {
          if (minPrec > 25) break;
          const not = t.type === T.NOT;
          if (not && la(2).type !== T.IN) break;
          p += not ? 2 : 1;
          const r = operand(26);
          if (r) next = node({ k: 'Term', not, l: left, r }, s);
          break;
        }
        case T.LT:
        case T.LE:
        case T.GT:
        case T.GE: {
          const lower = t.type === T.LT || t.type === T.LE;
          const id = la(2);
          const op2 = la(3);
          const rangeOk =
            (id.type === T.Identifier || id.type === T.JSONIdentifier) &&
            (lower ? op2.type === T.LT || op2.type === T.LE : op2.type === T.GT || op2.type === T.GE);
          if (rangeOk && minPrec <= (lower ? 11 : 10)) {
            p += 3;
            const r = operand(lower ? 12 : 11);
            if (r) {
              next = node({ k: lower ? 'Range' : 'ReverseRange', l: left, op1: t, id, op2, r }, s);
              break;
            }
            p = save;
          }
          if (minPrec > 9) break;
          p++;
          next = bin('Relational', t, left, 10, s);
          break;
        }
        case T.EQ:
        case T.NE:
          if (minPrec > 8) break;
          p++;
          next = bin('Equality', t, left, 9, s);
          break;
        case T.BAND:
          if (minPrec > 7) break;
          p++;
          next = bin('BitAnd', t, left, 8, s);
          break;
        case T.BXOR:
          if (minPrec > 6) break;
          p++;
          next = bin('BitXor', t, left, 7, s);
          break;
        case T.BOR:
          if (minPrec > 5) break;
          p++;
          next = bin('BitOr', t, left, 6, s);
          break;
        case T.AND:
          if (minPrec > 4) break;
          p++;
          next = bin('LogicalAnd', t, left, 5, s);
          break;
        case T.OR:
          if (minPrec > 3) break;
          p++;
          next = bin('LogicalOr', t, left, 4, s);
          break;
        default:
          break;
      }
      if (!next) {
        p = save;
        return left;
      }
      left = next;
    }
  }

  function bin(k: string, op: Token, l: Node, prec: number, s: number): Node | undefined {
    const r = operand(prec);
    if (!r) return undefined;
    return node({ k, op, l, r } as unknown as Omit<Node, 's' | 'e'>, s) as Node;
  }

  try {
    const tree = expr(0);
    return { tree, stop: p, errors };
  } catch (e) {
    if (e instanceof Fail && e.error) {
      errors.push(e.error);
      return { tree: { k: 'EmptyArray', s: 0, e: 0 }, stop: p, errors };
    }
    throw e;
  }
}

/** The text ANTLR's GetText gives a subtree: its tokens' texts, joined without the skipped blanks. */
export function nodeText(tokens: Token[], n: { s: number; e: number }): string {
  let out = '';
  for (let i = n.s; i <= n.e; i++) out += tokens[i]!.text;
  return out;
}
