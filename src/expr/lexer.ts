// The lexer of Milvus's filter language (Plan.g4's lexer rules), maximal munch with ties going
// to the rule defined first, as ANTLR does. Positions are code points, lines from 1, columns from
// 0, which is how ANTLR's Go runtime reports them. A character no rule accepts is reported as
// "token recognition error at: '<text>'" and skipped, the way ANTLR's lexer recovers.
import { ExpressionTooLong, FilterSyntaxError } from './errors.js';

export const enum T {
  EOF,
  LPAREN,
  RPAREN,
  LBRACKET,
  RBRACKET,
  COMMA,
  LBRACE,
  RBRACE,
  LT,
  LE,
  GT,
  GE,
  EQ,
  NE,
  LIKE,
  EXISTS,
  TEXTMATCH,
  PHRASEMATCH,
  RANDOMSAMPLE,
  INTERVAL,
  ISO,
  MINIMUM_SHOULD_MATCH,
  ASSIGN,
  ADD,
  SUB,
  MUL,
  DIV,
  MOD,
  POW,
  SHL,
  SHR,
  BAND,
  BOR,
  BXOR,
  AND,
  OR,
  ISNULL,
  ISNOTNULL,
  BNOT,
  NOT,
  IN,
  EmptyArray,
  JSONContains,
  JSONContainsAll,
  JSONContainsAny,
  ArrayContains,
  ArrayContainsAll,
  ArrayContainsAny,
  ArrayLength,
  STEquals,
  STTouches,
  STOverlaps,
  STCrosses,
  STContains,
  STIntersects,
  STWithin,
  STDWithin,
  BooleanConstant,
  IntegerConstant,
  FloatingConstant,
  Identifier,
  Meta,
  StringLiteral,
  JSONIdentifier,
}

export interface Token {
  type: T;
  text: string;
  /** Code-point offset of the first character. */
  offset: number;
  line: number;
  column: number;
  /** Position in the token list. */
  index: number;
}

const KEYWORDS = new Map<string, T>();
function kw(type: T, ...words: string[]): void {
  for (const w of words) KEYWORDS.set(w, type);
}
kw(T.LIKE, 'like', 'LIKE');
kw(T.EXISTS, 'exists', 'EXISTS');
kw(T.TEXTMATCH, 'text_match', 'TEXT_MATCH');
kw(T.PHRASEMATCH, 'phrase_match', 'PHRASE_MATCH');
kw(T.RANDOMSAMPLE, 'random_sample', 'RANDOM_SAMPLE');
kw(T.INTERVAL, 'interval', 'INTERVAL');
kw(T.ISO, 'iso', 'ISO');
kw(T.MINIMUM_SHOULD_MATCH, 'minimum_should_match', 'MINIMUM_SHOULD_MATCH');
kw(T.AND, 'and', 'AND');
kw(T.OR, 'or', 'OR');
kw(T.NOT, 'not', 'NOT');
kw(T.IN, 'in', 'IN');
kw(T.JSONContains, 'json_contains', 'JSON_CONTAINS');
kw(T.JSONContainsAll, 'json_contains_all', 'JSON_CONTAINS_ALL');
kw(T.JSONContainsAny, 'json_contains_any', 'JSON_CONTAINS_ANY');
kw(T.ArrayContains, 'array_contains', 'ARRAY_CONTAINS');
kw(T.ArrayContainsAll, 'array_contains_all', 'ARRAY_CONTAINS_ALL');
kw(T.ArrayContainsAny, 'array_contains_any', 'ARRAY_CONTAINS_ANY');
kw(T.ArrayLength, 'array_length', 'ARRAY_LENGTH');
kw(T.STEquals, 'st_equals', 'ST_EQUALS');
kw(T.STTouches, 'st_touches', 'ST_TOUCHES');
kw(T.STOverlaps, 'st_overlaps', 'ST_OVERLAPS');
kw(T.STCrosses, 'st_crosses', 'ST_CROSSES');
kw(T.STContains, 'st_contains', 'ST_CONTAINS');
kw(T.STIntersects, 'st_intersects', 'ST_INTERSECTS');
kw(T.STWithin, 'st_within', 'ST_WITHIN');
kw(T.STDWithin, 'st_dwithin', 'ST_DWITHIN');
kw(T.BooleanConstant, 'true', 'True', 'TRUE', 'false', 'False', 'FALSE');

/** The display name ANTLR uses for a token type in "expecting ..." texts. */
export const LITERAL_NAMES: Partial<Record<T, string>> = {
  [T.EOF]: '<EOF>',
  [T.LPAREN]: "'('",
  [T.RPAREN]: "')'",
  [T.LBRACKET]: "'['",
  [T.RBRACKET]: "']'",
  [T.COMMA]: "','",
  [T.LBRACE]: "'{'",
  [T.RBRACE]: "'}'",
  [T.ASSIGN]: "'='",
  [T.Identifier]: 'Identifier',
  [T.StringLiteral]: 'StringLiteral',
  [T.IntegerConstant]: 'IntegerConstant',
  [T.JSONIdentifier]: 'JSONIdentifier',
};

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isOct = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '7';
const isHex = (c: string | undefined): boolean => c !== undefined && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
const isNondigit = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isIdentChar = (c: string | undefined): boolean => isNondigit(c) || isDigit(c);

export interface LexResult {
  tokens: Token[];
  errors: FilterSyntaxError[];
}

/** Milvus's convertHanToASCII: Han characters become \uXXXX before lexing (so columns count them as 6). */
export function convertHanToASCII(s: string): string {
  if (!/\p{Script=Han}/u.test(s)) return s;
  let out = '';
  let skip = false;
  for (let i = 0; i < s.length;) {
    const cp = s.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    i += ch.length;
    if (skip) {
      out += ch;
      skip = false;
      continue;
    }
    if (ch === '\\') {
      const next = s[i];
      if (next !== undefined && !'\\ntrf"\''.includes(next)) return s;
      skip = true;
      out += ch;
      continue;
    }
    if (/\p{Script=Han}/u.test(ch)) {
      // formatUnicode writes only the low 16 bits, as Milvus does.
      out += '\\u' + (cp & 0xffff).toString(16).padStart(4, '0');
    } else {
      out += ch;
    }
  }
  return out;
}

export function lex(source: string): LexResult {
  const errors: FilterSyntaxError[] = [];
  const tokens = [...lexTokens(source, errors)];
  return { tokens, errors };
}

/**
 * The most tokens a filter may have: a 1,000,000-term `id == n or ...` chain (4 tokens a term, 5
 * with a negative number) or an `in` list of 3,000,000 values fits; planning it peaks near
 * 1.5 GiB of heap.
 */
export const MAX_EXPR_TOKENS = 6 * 1024 * 1024;

/**
 * The tokens of a text, read as the parser asks for them: a parse that stops early (a filter
 * nested too deeply) does not pay for lexing the rest of a long text. Everything read so far is
 * kept, so the stream can be drained into the whole LexResult afterwards.
 */
export class TokenStream {
  private readonly source: Generator<Token, void>;
  private readonly read: Token[] = [];
  private readonly errors: FilterSyntaxError[] = [];
  private done = false;

  constructor(text: string) {
    this.source = lexTokens(text, this.errors);
  }

  /** Token i, or EOF for any index past the end; refused past MAX_EXPR_TOKENS. */
  at(i: number): Token {
    while (!this.done && this.read.length <= i) {
      const next = this.source.next();
      if (next.done) this.done = true;
      else if (this.read.length >= MAX_EXPR_TOKENS) throw new ExpressionTooLong(MAX_EXPR_TOKENS);
      else this.read.push(next.value);
    }
    return this.read[Math.min(i, this.read.length - 1)]!;
  }

  /** Tokens from..to (inclusive), all already read. */
  slice(from: number, to: number): Token[] {
    return this.read.slice(from, to + 1);
  }

  /** The whole text's tokens and lexer errors. */
  drain(): LexResult {
    this.at(Number.MAX_SAFE_INTEGER);
    return { tokens: this.read, errors: this.errors };
  }
}

const OPERATORS_2: ReadonlyMap<string, T> = new Map([
  ['&&', T.AND],
  ['||', T.OR],
  ['<=', T.LE],
  ['>=', T.GE],
  ['==', T.EQ],
  ['!=', T.NE],
  ['**', T.POW],
  ['<<', T.SHL],
  ['>>', T.SHR],
]);

const OPERATORS_1: ReadonlyMap<string, T> = new Map([
  ['(', T.LPAREN],
  [')', T.RPAREN],
  [']', T.RBRACKET],
  [',', T.COMMA],
  ['{', T.LBRACE],
  ['}', T.RBRACE],
  ['<', T.LT],
  ['>', T.GT],
  ['=', T.ASSIGN],
  ['+', T.ADD],
  ['-', T.SUB],
  ['*', T.MUL],
  ['/', T.DIV],
  ['%', T.MOD],
  ['&', T.BAND],
  ['|', T.BOR],
  ['^', T.BXOR],
  ['~', T.BNOT],
  ['!', T.NOT],
]);

const NULL_TESTS: readonly (readonly [string, T])[] = [
  ['is not null', T.ISNOTNULL],
  ['IS NOT NULL', T.ISNOTNULL],
  ['is null', T.ISNULL],
  ['IS NULL', T.ISNULL],
];

/** The lexer proper: yields each token (EOF last) and records recognition errors in `errors`. */
function* lexTokens(source: string, errors: FilterSyntaxError[]): Generator<Token, void> {
  // Positions count code points, as ANTLR's do. Without astral characters (the usual case) they
  // are the string's own indexes: the text is read in place, not copied into an array of code
  // points, and a token's text is a slice of it.
  const astral = /[\uD800-\uDFFF]/.test(source);
  const points = astral ? Array.from(source) : undefined;
  const cs: ArrayLike<string> = points ?? source;
  const n = cs.length;
  const text = points ? (from: number, to: number) => points.slice(from, to).join('') : (from: number, to: number) => source.slice(from, to);
  let index = 0;
  // line starts, for line:column
  let line = 1;
  let lineStart = 0;
  let pos = 0;

  const advanceLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const c = cs[i];
      if (c === '\n' || (c === '\r' && cs[i + 1] !== '\n')) {
        line++;
        lineStart = i + 1;
      }
    }
  };
  const token = (type: T, end: number): Token => ({
    type,
    text: text(pos, end),
    offset: pos,
    line,
    column: pos - lineStart,
    index: index++,
  });

  /** Length of a string literal starting at i (quote at i), or -(fail index + 1). */
  const scanString = (i: number): number => {
    const q = cs[i];
    let j = i + 1;
    for (;;) {
      const c = cs[j];
      if (c === undefined) return -(j + 1);
      if (c === q) return j + 1 - i;
      if (c === '\r' || c === '\n') return -(j + 1);
      if (c === '\\') {
        const d = cs[j + 1];
        if (d === undefined) return -(j + 2);
        if ('\'"?abfnrtv\\'.includes(d)) j += 2;
        else if (isOct(d)) {
          j += 2;
          if (isOct(cs[j])) j++;
          if (isOct(cs[j])) j++;
        } else if (d === 'x') {
          if (!isHex(cs[j + 2])) return -(j + 3);
          j += 2;
          while (isHex(cs[j])) j++;
        } else if (d === 'u' || d === 'U') {
          const need = d === 'u' ? 4 : 8;
          for (let k = 0; k < need; k++) if (!isHex(cs[j + 2 + k])) return -(j + 3 + k);
          j += 2 + need;
        } else if (d === '\n') j += 2;
        else if (d === '\r' && cs[j + 2] === '\n') j += 3;
        else return -(j + 2);
        continue;
      }
      j++;
    }
  };

  /** Longest numeric token at i: [length, type]. */
  const scanNumber = (i: number): [number, T] => {
    let best = 0;
    let bestType = T.IntegerConstant;
    const take = (len: number, type: T): void => {
      if (len > best) {
        best = len;
        bestType = type;
      }
    };
    // integers
    if (cs[i] === '0' && (cs[i + 1] === 'x' || cs[i + 1] === 'X')) {
      let j = i + 2;
      while (isHex(cs[j])) j++;
      if (j > i + 2) take(j - i, T.IntegerConstant);
      // hexadecimal floating constant
      let k = i + 2;
      while (isHex(cs[k])) k++;
      let digits = k - (i + 2);
      if (cs[k] === '.') {
        k++;
        const f0 = k;
        while (isHex(cs[k])) k++;
        digits += k - f0;
      }
      if (digits > 0 && (cs[k] === 'p' || cs[k] === 'P')) {
        let e = k + 1;
        if (cs[e] === '+' || cs[e] === '-') e++;
        const e0 = e;
        while (isDigit(cs[e])) e++;
        if (e > e0) take(e - i, T.FloatingConstant);
      }
    } else if (cs[i] === '0' && (cs[i + 1] === 'b' || cs[i + 1] === 'B')) {
      let j = i + 2;
      while (cs[j] === '0' || cs[j] === '1') j++;
      if (j > i + 2) take(j - i, T.IntegerConstant);
    }
    if (cs[i] === '0') {
      let j = i + 1;
      while (isOct(cs[j])) j++;
      take(j - i, T.IntegerConstant);
    } else if (isDigit(cs[i])) {
      let j = i + 1;
      while (isDigit(cs[j])) j++;
      take(j - i, T.IntegerConstant);
    }
    // decimal floating constant
    let j = i;
    while (isDigit(cs[j])) j++;
    const intDigits = j - i;
    let frac = -1;
    if (cs[j] === '.') {
      let k = j + 1;
      while (isDigit(cs[k])) k++;
      const fracDigits = k - j - 1;
      if (intDigits > 0 || fracDigits > 0) frac = k;
    }
    const exponent = (at: number): number => {
      if (cs[at] !== 'e' && cs[at] !== 'E') return 0;
      let e = at + 1;
      if (cs[e] === '+' || cs[e] === '-') e++;
      const e0 = e;
      while (isDigit(cs[e])) e++;
      return e > e0 ? e - at : 0;
    };
    if (frac >= 0) take(frac - i + exponent(frac), T.FloatingConstant);
    else if (intDigits > 0) {
      const ex = exponent(j);
      if (ex > 0) take(j - i + ex, T.FloatingConstant);
    }
    return [best, bestType];
  };

  /** Length of the JSON-identifier suffix (`[...]`+) at i, 0 when none. */
  const scanJsonSuffix = (i: number): number => {
    let j = i;
    for (;;) {
      if (cs[j] !== '[') break;
      let k = j + 1;
      if (cs[k] === '"' || cs[k] === "'") {
        const len = scanString(k);
        if (len < 0) break;
        k += len;
      } else if (cs[k] === '0') {
        k++;
      } else if (isDigit(cs[k])) {
        while (isDigit(cs[k])) k++;
      } else if (
        (cs[k] === 'u' || cs[k] === 'U' || cs[k] === 'L') &&
        (cs[k + 1] === '"' || cs[k + 1] === "'" || (cs[k] === 'u' && cs[k + 1] === '8' && (cs[k + 2] === '"' || cs[k + 2] === "'")))
      ) {
        k += cs[k + 1] === '8' ? 2 : 1;
        const len = scanString(k);
        if (len < 0) break;
        k += len;
      } else break;
      if (cs[k] !== ']') break;
      j = k + 1;
    }
    return j - i;
  };

  const startsWith = (i: number, s: string): boolean => {
    for (let k = 0; k < s.length; k++) if (cs[i + k] !== s[k]) return false;
    return true;
  };

  while (pos < n) {
    const c = cs[pos]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      let j = pos;
      while (j < n && (cs[j] === ' ' || cs[j] === '\t' || cs[j] === '\r' || cs[j] === '\n')) j++;
      advanceLines(pos, j);
      pos = j;
      continue;
    }
    let len = 0;
    let type: T = T.EOF;
    let failAt = pos; // where the DFA gave up when nothing matched
    if (isNondigit(c)) {
      let j = pos + 1;
      while (isIdentChar(cs[j])) j++;
      const word = text(pos, j);
      len = j - pos;
      type = KEYWORDS.get(word) ?? T.Identifier;
      // 'is null' / 'is not null' (one space exactly) beat the identifier 'is'
      for (const [text, t] of NULL_TESTS) {
        if (startsWith(pos, text) && text.length > len) {
          len = text.length;
          type = t;
        }
      }
      // encoding-prefixed string literals: u8"..", u"..", U"..", L".."
      if ((word === 'u8' || word === 'u' || word === 'U' || word === 'L') && (cs[j] === '"' || cs[j] === "'")) {
        const sl = scanString(j);
        if (sl > 0 && j - pos + sl > len) {
          len = j - pos + sl;
          type = T.StringLiteral;
        }
      }
      // JSON identifier: name["key"][0]...
      const suffix = scanJsonSuffix(j);
      if (suffix > 0 && j - pos + suffix > len) {
        len = j - pos + suffix;
        type = T.JSONIdentifier;
      }
    } else if (c === '$') {
      if (startsWith(pos, '$meta')) {
        len = 5;
        type = T.Meta;
        const suffix = scanJsonSuffix(pos + 5);
        if (suffix > 0) {
          len += suffix;
          type = T.JSONIdentifier;
        }
      } else {
        let k = 1;
        while (k < 5 && cs[pos + k] === '$meta'[k]) k++;
        failAt = Math.min(pos + k, n);
      }
    } else if (isDigit(c) || (c === '.' && isDigit(cs[pos + 1]))) {
      [len, type] = scanNumber(pos);
    } else if (c === '"' || c === "'") {
      const sl = scanString(pos);
      if (sl > 0) {
        len = sl;
        type = T.StringLiteral;
      } else failAt = Math.min(-sl - 1, n);
    } else if (c === '[') {
      let j = pos + 1;
      while (j < n && (cs[j] === ' ' || cs[j] === '\t' || cs[j] === '\r' || cs[j] === '\n')) j++;
      if (cs[j] === ']') {
        len = j + 1 - pos;
        type = T.EmptyArray;
      } else {
        len = 1;
        type = T.LBRACKET;
      }
    } else {
      const pair = OPERATORS_2.get(c + (cs[pos + 1] ?? ''));
      const single = OPERATORS_1.get(c);
      if (pair !== undefined) {
        len = 2;
        type = pair;
      } else if (single !== undefined) {
        len = 1;
        type = single;
      } else if (c === '.') {
        failAt = Math.min(pos + 1, n);
      }
    }
    if (len === 0) {
      const bad = text(pos, failAt + 1);
      errors.push(new FilterSyntaxError(line, pos - lineStart, `token recognition error at: '${escapeWS(bad)}'`, pos));
      const next = failAt < n ? failAt + 1 : n;
      advanceLines(pos, next);
      pos = next;
      continue;
    }
    const tok = token(type, pos + len);
    advanceLines(pos, pos + len);
    pos += len;
    yield tok;
  }
  yield { type: T.EOF, text: '<EOF>', offset: n, line, column: n - lineStart, index };
}

/** ANTLR's escapeWSAndQuote without the quotes. */
export function escapeWS(s: string): string {
  return s.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}
