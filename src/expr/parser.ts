// The parser: tokens -> syntax tree (Plan.g4's `expr` rule), recursive descent with one method per
// labelled alternative of the rule, named after its label. Plan.g4 writes the whole language as one
// left-recursive rule, which ANTLR turns into precedence climbing, and so do we: `expr` parses an
// alternative that starts with a token (`primary`), then the alternatives that start with `expr`
// (`operatorAlternative`) for as long as one binds at least as tightly as the caller allows. The
// binding powers are the precedences ANTLR generates for Plan.g4 (PREC below).
//
// ANTLR's adaptive prediction decides whether to continue after an operator by looking ahead; when
// what follows cannot complete an operand it *exits* instead of reporting an error, and Milvus then
// rejects the leftover with "invalid expression: <expr>". We reproduce that by parsing every
// operand after a binary operator speculatively and strictly (no error recovery) and backing out
// when it fails. Inside an alternative ANTLR has committed to (parentheses, brackets, function
// arguments) errors are reported the way ANTLR's DefaultErrorStrategy words them (recognizer.ts).
import { T, type Token, type TokenStream } from './lexer.js';
import { Recognizer, type ParseResult } from './recognizer.js';
import type { Node } from './syntax-tree.js';

// An operator alternative continues `expr(minPrec)` when its precedence is at least minPrec, and
// parses its right operand at precedence + 1 (all are left-associative). A prefix alternative
// parses its operand at its own precedence: Unary's takes Power and Like, Exists's no operator.
const PREC = {
  Exists: 35,
  Like: 34,
  Power: 30,
  Unary: 29,
  MulDivMod: 28,
  AddSub: 27,
  Shift: 26,
  Term: 25,
  Range: 11,
  ReverseRange: 10,
  Relational: 9,
  Equality: 8,
  BitAnd: 7,
  BitXor: 6,
  BitOr: 5,
  LogicalAnd: 4,
  LogicalOr: 3,
} as const;

type BinaryRule =
  'Like' | 'Power' | 'MulDivMod' | 'AddSub' | 'Shift' | 'Relational' | 'Equality' | 'BitAnd' | 'BitXor' | 'BitOr' | 'LogicalAnd' | 'LogicalOr';

/** The alternatives `expr op expr`, by their operator. */
const BINARY = new Map<T, BinaryRule>([
  [T.LIKE, 'Like'],
  [T.POW, 'Power'],
  [T.MUL, 'MulDivMod'],
  [T.DIV, 'MulDivMod'],
  [T.MOD, 'MulDivMod'],
  [T.ADD, 'AddSub'],
  [T.SUB, 'AddSub'],
  [T.SHL, 'Shift'],
  [T.SHR, 'Shift'],
  [T.LT, 'Relational'],
  [T.LE, 'Relational'],
  [T.GT, 'Relational'],
  [T.GE, 'Relational'],
  [T.EQ, 'Equality'],
  [T.NE, 'Equality'],
  [T.BAND, 'BitAnd'],
  [T.BXOR, 'BitXor'],
  [T.BOR, 'BitOr'],
  [T.AND, 'LogicalAnd'],
  [T.OR, 'LogicalOr'],
]);

const CONTAINS = new Map<T, 'Contains' | 'ContainsAll' | 'ContainsAny'>([
  [T.JSONContains, 'Contains'],
  [T.ArrayContains, 'Contains'],
  [T.JSONContainsAll, 'ContainsAll'],
  [T.ArrayContainsAll, 'ContainsAll'],
  [T.JSONContainsAny, 'ContainsAny'],
  [T.ArrayContainsAny, 'ContainsAny'],
]);

const CMP = new Set<T>([T.LT, T.LE, T.GT, T.GE, T.EQ, T.NE]);

export function parse(tokens: TokenStream): ParseResult {
  return new PlanParser(tokens).parse();
}

class PlanParser extends Recognizer {
  parse(): ParseResult {
    return this.parseWith(() => this.expr(0));
  }

  /** expr, taking only the operator alternatives of precedence minPrec and above. */
  private expr(minPrec: number): Node {
    return this.nested(() => this.exprAt(minPrec));
  }

  private exprAt(minPrec: number): Node {
    const s = this.pos;
    let left = this.primary();
    for (;;) {
      const next = this.operatorAlternative(left, s, minPrec);
      if (!next) return left;
      left = next;
    }
  }

  /** The alternatives that start with a token, chosen by that token. */
  private primary(): Node {
    switch (this.cur().type) {
      case T.IntegerConstant:
        return this.terminal('Integer');
      case T.FloatingConstant:
        return this.terminal('Floating');
      case T.BooleanConstant:
        return this.terminal('Boolean');
      case T.StringLiteral:
        return this.terminal('String');
      case T.ISO:
        return this.timestamptzCompareReverse();
      case T.Identifier:
      case T.Meta:
      case T.JSONIdentifier:
        return this.startingWithIdentifier();
      case T.LBRACE:
        return this.templateVariable();
      case T.LPAREN:
        return this.parens();
      case T.LBRACKET:
        return this.array();
      case T.EmptyArray:
        return this.emptyArray();
      case T.EXISTS:
        return this.exists();
      case T.TEXTMATCH:
        return this.textMatch();
      case T.PHRASEMATCH:
        return this.phraseMatch();
      case T.RANDOMSAMPLE:
        return this.randomSample();
      case T.ADD:
      case T.SUB:
      case T.BNOT:
      case T.NOT:
        return this.unary();
      case T.JSONContains:
      case T.ArrayContains:
      case T.JSONContainsAll:
      case T.ArrayContainsAll:
      case T.JSONContainsAny:
      case T.ArrayContainsAny:
        return this.jsonContains();
      case T.STEquals:
      case T.STTouches:
      case T.STOverlaps:
      case T.STCrosses:
      case T.STContains:
      case T.STIntersects:
      case T.STWithin:
      case T.STDWithin:
        return this.spatial();
      case T.ArrayLength:
        return this.arrayLength();
      default:
        return this.noViable(this.pos);
    }
  }

  /** The alternatives that start with `expr` continuing `left` (begun at token s), or undefined when none binds at minPrec and parses. */
  private operatorAlternative(left: Node, s: number, minPrec: number): Node | undefined {
    const t = this.cur();
    if (t.type === T.IN || t.type === T.NOT) return this.term(left, s, minPrec);
    const range = this.range(left, s, minPrec);
    if (range) return range;
    const rule = BINARY.get(t.type);
    return rule && minPrec <= PREC[rule] ? this.binary(rule, left, s) : undefined;
  }

  /**
   * After `skip` operator tokens, an operand at `prec`, strictly: undefined (and the position back
   * before the operator) when it cannot complete, which ends the enclosing expr there.
   */
  private operand(skip: number, prec: number): Node | undefined {
    return this.attempt(() => {
      this.pos += skip;
      return this.expr(prec);
    });
  }

  // --- alternatives that are one token

  /** Integer, Floating, Boolean, String, Identifier, JSONIdentifier. */
  private terminal(k: 'Integer' | 'Floating' | 'Boolean' | 'String' | 'Identifier' | 'JSONIdentifier'): Node {
    const s = this.pos;
    const tok = this.cur();
    this.pos++;
    return this.node({ k, tok }, s);
  }

  /** EmptyArray: `[]`, one token (the lexer's). */
  private emptyArray(): Node {
    const s = this.pos;
    this.pos++;
    return this.node({ k: 'EmptyArray' }, s);
  }

  // --- alternatives that start with a name

  /** IsNull, IsNotNull, Call, TimestamptzCompareForward, and the name alone (Identifier, JSONIdentifier). */
  private startingWithIdentifier(): Node {
    const t = this.cur();
    const next = this.la(2).type;
    // The grammar gives IsNull and IsNotNull (Identifier | JSONIdentifier), not Meta.
    if (t.type !== T.Meta && next === T.ISNULL) return this.isNull('IsNull');
    if (t.type !== T.Meta && next === T.ISNOTNULL) return this.isNull('IsNotNull');
    if (t.type === T.Identifier) {
      // ANTLR predicts Call and TimestamptzCompareForward by looking ahead: each is tried strictly,
      // and when neither completes the name stands alone (and what follows it is left over).
      const n =
        (next === T.LPAREN ? this.attempt(() => this.call()) : undefined) ??
        (this.mayBeTimestamptzForward() ? this.attempt(() => this.timestamptzCompareForward()) : undefined);
      if (n) return n;
    }
    return this.terminal(t.type === T.JSONIdentifier ? 'JSONIdentifier' : 'Identifier');
  }

  /** IsNull, IsNotNull: `(Identifier | JSONIdentifier) (ISNULL | ISNOTNULL)`. */
  private isNull(k: 'IsNull' | 'IsNotNull'): Node {
    const s = this.pos;
    const id = this.cur();
    this.pos += 2;
    return this.node({ k, id }, s);
  }

  /** Call: `Identifier '(' (expr (',' expr)* ','?)? ')'`. */
  private call(): Node {
    const s = this.pos;
    const name = this.cur();
    this.pos += 2; // Identifier '('
    const args = this.cur().type === T.RPAREN ? [] : this.exprList(T.RPAREN);
    this.expect(T.RPAREN);
    return this.node({ k: 'Call', name, args }, s);
  }

  /**
   * Whether TimestamptzCompareForward can match at the current name: its second and third tokens
   * are `(+|-) INTERVAL` or `op ISO`. Otherwise the attempt would fail on one of them; skipping it
   * spares an attempt for every name of a long filter.
   */
  private mayBeTimestamptzForward(): boolean {
    const second = this.la(2).type;
    const third = this.la(3).type;
    return ((second === T.ADD || second === T.SUB) && third === T.INTERVAL) || (CMP.has(second) && third === T.ISO);
  }

  /** TimestamptzCompareForward: `Identifier ((+|-) INTERVAL StringLiteral)? op ISO StringLiteral`. */
  private timestamptzCompareForward(): Node {
    const s = this.pos;
    const id = this.cur();
    this.pos++;
    let arith: Token | undefined;
    let interval: Token | undefined;
    if ((this.cur().type === T.ADD || this.cur().type === T.SUB) && this.la(2).type === T.INTERVAL) {
      arith = this.cur();
      this.pos += 2;
      interval = this.expect(T.StringLiteral);
    }
    const op = this.comparisonOp();
    this.expect(T.ISO);
    const value = this.expect(T.StringLiteral);
    return this.node({ k: 'TimestamptzForward', id, arith, interval, op, value }, s);
  }

  /** TimestamptzCompareReverse: `ISO StringLiteral op Identifier ((+|-) INTERVAL StringLiteral)?`. */
  private timestamptzCompareReverse(): Node {
    const s = this.pos;
    const n = this.attempt(() => {
      this.pos++;
      const value = this.expect(T.StringLiteral);
      const op = this.comparisonOp();
      const id = this.expect(T.Identifier);
      let arith: Token | undefined;
      let interval: Token | undefined;
      if ((this.cur().type === T.ADD || this.cur().type === T.SUB) && this.la(2).type === T.INTERVAL && this.la(3).type === T.StringLiteral) {
        arith = this.cur();
        interval = this.la(3);
        this.pos += 3;
      }
      return this.node({ k: 'TimestamptzReverse', id, arith, interval, op, value }, s);
    });
    // No other alternative starts with ISO.
    return n ?? this.noViable(s);
  }

  /** The comparison operator of the Timestamptz alternatives, which are only ever tried speculatively. */
  private comparisonOp(): Token {
    const op = this.cur();
    if (!CMP.has(op.type)) this.abandon();
    this.pos++;
    return op;
  }

  // --- alternatives that start with a bracket

  /** TemplateVariable: `'{' Identifier '}'`. */
  private templateVariable(): Node {
    const s = this.pos;
    this.pos++;
    const id = this.expect(T.Identifier);
    this.expect(T.RBRACE);
    return this.node({ k: 'TemplateVariable', name: id.text }, s);
  }

  /** Parens: `'(' expr ')'`. */
  private parens(): Node {
    const s = this.pos;
    this.pos++;
    const x = this.expr(0);
    this.expect(T.RPAREN);
    return this.node({ k: 'Parens', x }, s);
  }

  /** Array: `'[' expr (',' expr)* ','? ']'`. */
  private array(): Node {
    const s = this.pos;
    this.pos++;
    const items = this.exprList(T.RBRACKET);
    this.expect(T.RBRACKET);
    return this.node({ k: 'Array', items }, s);
  }

  /** `expr (',' expr)* ','?` before `closer` (not consumed): Array's items, Call's arguments. */
  private exprList(closer: T): Node[] {
    const items = [this.expr(0)];
    for (;;) {
      this.syncList(closer);
      if (this.cur().type !== T.COMMA) return items;
      this.pos++;
      if (this.cur().type === closer) return items;
      items.push(this.expr(0));
    }
  }

  // --- prefix operators

  /** Exists: `EXISTS expr`. */
  private exists(): Node {
    const s = this.pos;
    this.pos++;
    const x = this.expr(PREC.Exists);
    return this.node({ k: 'Exists', x }, s);
  }

  /** Unary: `(+ | - | ~ | NOT) expr`. */
  private unary(): Node {
    const s = this.pos;
    const op = this.cur();
    this.pos++;
    const x = this.expr(PREC.Unary);
    return this.node({ k: 'Unary', op, x }, s);
  }

  // --- function-like keywords

  /** TextMatch: `TEXTMATCH '(' Identifier ',' expr (',' textMatchOption)? ')'`. */
  private textMatch(): Node {
    const s = this.pos;
    const { id, x } = this.fieldAndExpr();
    let minShouldMatch: Token | undefined;
    if (this.cur().type === T.COMMA) {
      this.pos++;
      minShouldMatch = this.textMatchOption();
    }
    this.expect(T.RPAREN);
    return this.node({ k: 'TextMatch', id, x, minShouldMatch }, s);
  }

  /** textMatchOption: `MINIMUM_SHOULD_MATCH '=' IntegerConstant`; the count's token. */
  private textMatchOption(): Token {
    this.expect(T.MINIMUM_SHOULD_MATCH);
    this.expect(T.ASSIGN);
    return this.expect(T.IntegerConstant);
  }

  /** PhraseMatch: `PHRASEMATCH '(' Identifier ',' expr (',' expr)? ')'`. */
  private phraseMatch(): Node {
    const s = this.pos;
    const { id, x } = this.fieldAndExpr();
    let slop: Node | undefined;
    if (this.cur().type === T.COMMA) {
      this.pos++;
      slop = this.expr(0);
    }
    this.expect(T.RPAREN);
    return this.node({ k: 'PhraseMatch', id, x, slop }, s);
  }

  /** SpatialBinary (`st_equals(field, expr)`, st_touches...) and STDWithin (`st_dwithin(field, expr, expr)`). */
  private spatial(): Node {
    const s = this.pos;
    const fn = this.cur();
    const { id, x } = this.fieldAndExpr();
    let d: Node | undefined;
    if (fn.type === T.STDWithin) {
      this.expect(T.COMMA);
      d = this.expr(0);
    }
    this.expect(T.RPAREN);
    return this.node({ k: 'ST', fn, id, x, d }, s);
  }

  /** `KEYWORD '(' Identifier ',' expr`, how TextMatch, PhraseMatch and the spatial alternatives begin. */
  private fieldAndExpr(): { id: Token; x: Node } {
    this.pos++;
    this.expect(T.LPAREN);
    const id = this.expect(T.Identifier);
    this.expect(T.COMMA);
    return { id, x: this.expr(0) };
  }

  /** RandomSample: `RANDOMSAMPLE '(' expr ')'`. */
  private randomSample(): Node {
    const s = this.pos;
    this.pos++;
    this.expect(T.LPAREN);
    const x = this.expr(0);
    this.expect(T.RPAREN);
    return this.node({ k: 'RandomSample', x }, s);
  }

  /** JSONContains, JSONContainsAll, JSONContainsAny: `(json|array)_contains[_all|_any] '(' expr ',' expr ')'`. */
  private jsonContains(): Node {
    const s = this.pos;
    const fn = this.cur();
    this.pos++;
    this.expect(T.LPAREN);
    const a = this.expr(0);
    this.expect(T.COMMA);
    const b = this.expr(0);
    this.expect(T.RPAREN);
    return this.node({ k: 'JSONContains', fn, which: CONTAINS.get(fn.type)!, a, b }, s);
  }

  /** ArrayLength: `ARRAY_LENGTH '(' (Identifier | JSONIdentifier) ')'`. */
  private arrayLength(): Node {
    const s = this.pos;
    this.pos++;
    this.expect(T.LPAREN);
    const id = this.cur();
    // A choice of two tokens: ANTLR reports it without trying to recover.
    if (id.type !== T.Identifier && id.type !== T.JSONIdentifier) this.mismatch([T.Identifier, T.JSONIdentifier]);
    this.pos++;
    this.expect(T.RPAREN);
    return this.node({ k: 'ArrayLength', id }, s);
  }

  // --- alternatives that start with expr

  /** Term: `expr NOT? IN expr`. */
  private term(left: Node, s: number, minPrec: number): Node | undefined {
    const not = this.cur().type === T.NOT;
    if (minPrec > PREC.Term || (not && this.la(2).type !== T.IN)) return undefined;
    const r = this.operand(not ? 2 : 1, PREC.Term + 1);
    return r && this.node({ k: 'Term', not, l: left, r }, s);
  }

  /** Range (`expr (<|<=) name (<|<=) expr`) and ReverseRange (the same with > and >=); undefined when neither applies. */
  private range(left: Node, s: number, minPrec: number): Node | undefined {
    const op1 = this.cur();
    const lower = op1.type === T.LT || op1.type === T.LE;
    if (!lower && op1.type !== T.GT && op1.type !== T.GE) return undefined;
    const k = lower ? 'Range' : 'ReverseRange';
    const id = this.la(2);
    const op2 = this.la(3);
    const sameWay = lower ? op2.type === T.LT || op2.type === T.LE : op2.type === T.GT || op2.type === T.GE;
    if ((id.type !== T.Identifier && id.type !== T.JSONIdentifier) || !sameWay || minPrec > PREC[k]) return undefined;
    const r = this.operand(3, PREC[k] + 1);
    return r && this.node({ k, l: left, op1, id, op2, r }, s);
  }

  /** Like, Power, MulDivMod, AddSub, Shift, Relational, Equality, BitAnd, BitXor, BitOr, LogicalAnd, LogicalOr. */
  private binary(k: BinaryRule, left: Node, s: number): Node | undefined {
    if (k === 'LogicalAnd' || k === 'LogicalOr') return this.logical(k, left, s);
    const op = this.cur();
    const r = this.operand(1, PREC[k] + 1);
    // Every binary node keeps its operator token, also the kinds whose type does not list it (Like, Power, BitAnd...).
    return r && (this.node({ k, op, l: left, r } as unknown as Omit<Node, 's' | 'e' | 'depth'>, s) as Node);
  }

  /**
   * LogicalAnd, LogicalOr: `expr (and | &&) expr`, `expr (or | ||) expr`. ANTLR nests a chain to the
   * left, one level per operator, and a chain of 100,000 terms would be as deep; here a chain of one
   * operator is one node and each further operand joins its items. `left` is only ever such a node
   * when this loop of exprAt built it: primary() returns a parenthesised chain as Parens.
   */
  private logical(k: 'LogicalAnd' | 'LogicalOr', left: Node, s: number): Node | undefined {
    const r = this.operand(1, PREC[k] + 1);
    if (!r) return undefined;
    if ((left.k === 'LogicalAnd' || left.k === 'LogicalOr') && left.k === k) return this.extendChain(left, r);
    return this.node({ k, items: [left, r] }, s);
  }
}
