// The JSON elements of a template array value (TemplateArrayValue.json_data), read as Milvus 2.6
// reads them (planparserv2 convertArrayValue): json.Unmarshal first, Milvus's internal/json being
// bytedance/sonic (ConfigStd), whose syntax errors the proxy returns as they are; then a decoder
// with UseNumber and parseJSONValue, which keeps a number's text (an integer when
// strconv.ParseInt reads it, else a float) and refuses null and objects.
//
// The reader is iterative, so no JSON nesting can exhaust the stack, and it refuses nesting deeper
// than the caller allows before any later pass (which recurse over arrays) sees it.

/** A JSON value as Go decodes it into interface{} with UseNumber. */
export type GoJsonValue =
  | { k: 'number'; text: string }
  | { k: 'string'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'null' }
  | { k: 'array'; items: GoJsonValue[] }
  | { k: 'object'; entries: [string, GoJsonValue][] };

export type JsonReadResult = { value: GoJsonValue } | { syntaxError: string } | { tooDeep: true };

type Container = { k: 'array'; items: GoJsonValue[] } | { k: 'object'; entries: [string, GoJsonValue][] };

/** An open array or object, and for an object the key its next value goes under. */
interface Frame {
  container: Container;
  key?: string;
}

// ignoreBOM: a U+FEFF in a string is a character like any other, not a mark to drop.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

class SyntaxFailure {
  constructor(
    readonly pos: number,
    readonly message: string,
  ) {}
}

/** The escapes `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, by the byte after the backslash. */
const SIMPLE_ESCAPES = new Map<number, string>([
  [0x22, '"'],
  [0x5c, '\\'],
  [0x2f, '/'],
  [0x62, '\b'],
  [0x66, '\f'],
  [0x6e, '\n'],
  [0x72, '\r'],
  [0x74, '\t'],
]);

const isSpace = (b: number | undefined): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;
const isHex = (b: number | undefined): boolean =>
  b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));

/** One JSON text (RFC 8259), nested at most `maxDepth` arrays and objects deep. */
export function readJson(bytes: Uint8Array, maxDepth: number): JsonReadResult {
  const n = bytes.length;
  let i = 0;
  const fail = (pos: number, message: string): never => {
    throw new SyntaxFailure(pos, message);
  };
  const skipSpace = (): void => {
    while (isSpace(bytes[i])) i++;
  };
  /** The byte at i, which must exist. */
  const need = (): number => (i < n ? bytes[i]! : fail(n, 'eof'));

  const literal = (word: string, value: GoJsonValue): GoJsonValue => {
    for (let k = 0; k < word.length; k++, i++) {
      if (i >= n) fail(n, 'eof');
      if (bytes[i] !== word.charCodeAt(k)) fail(i, 'invalid char');
    }
    return value;
  };

  const number = (): GoJsonValue => {
    const start = i;
    if (bytes[i] === 0x2d) i++;
    if (!isDigit(need())) fail(i, 'invalid number format');
    if (bytes[i] === 0x30) i++;
    else while (isDigit(bytes[i])) i++;
    if (bytes[i] === 0x2e) {
      i++;
      if (!isDigit(need())) fail(i, 'invalid number format');
      while (isDigit(bytes[i])) i++;
    }
    if (bytes[i] === 0x65 || bytes[i] === 0x45) {
      i++;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
      if (!isDigit(need())) fail(i, 'invalid number format');
      while (isDigit(bytes[i])) i++;
    }
    return { k: 'number', text: utf8.decode(bytes.subarray(start, i)) };
  };

  const string = (): string => {
    i++; // the opening quote
    let out = '';
    let run = i;
    for (;;) {
      const b = need();
      if (b === 0x22) {
        out += utf8.decode(bytes.subarray(run, i));
        i++;
        return out;
      }
      if (b < 0x20) fail(i, 'invalid char');
      if (b !== 0x5c) {
        i++;
        continue;
      }
      out += utf8.decode(bytes.subarray(run, i));
      i++;
      const e = need();
      const simple = SIMPLE_ESCAPES.get(e);
      if (simple !== undefined) {
        out += simple;
        i++;
      } else if (e === 0x75) {
        i++;
        for (let k = 0; k < 4; k++) {
          if (i + k >= n) fail(n, 'eof');
          if (!isHex(bytes[i + k])) fail(i + k, 'invalid escape char');
        }
        out += String.fromCharCode(parseInt(utf8.decode(bytes.subarray(i, i + 4)), 16));
        i += 4;
      } else fail(i, 'invalid escape char');
      run = i;
    }
  };

  try {
    const stack: Frame[] = [];
    let result: GoJsonValue | undefined;
    /** Where the value just read goes: the open container, or the result. */
    const place = (v: GoJsonValue): void => {
      const top = stack[stack.length - 1];
      if (!top) result = v;
      else if (top.container.k === 'array') top.container.items.push(v);
      else top.container.entries.push([top.key!, v]);
    };
    const open = (container: Container): 'tooDeep' | undefined => {
      if (stack.length >= maxDepth) return 'tooDeep';
      place(container);
      stack.push({ container });
      return undefined;
    };
    // Each turn reads one value, then the separators and closers that follow it.
    for (;;) {
      skipSpace();
      const top = stack[stack.length - 1];
      if (top?.container.k === 'object') {
        if (need() !== 0x22) fail(i, 'invalid char');
        top.key = string();
        skipSpace();
        if (need() !== 0x3a) fail(i, 'invalid char');
        i++;
        skipSpace();
      }
      const b = need();
      if (b === 0x5b || b === 0x7b) {
        if (open(b === 0x5b ? { k: 'array', items: [] } : { k: 'object', entries: [] }) === 'tooDeep') return { tooDeep: true };
        i++;
        skipSpace();
        const close = b === 0x5b ? 0x5d : 0x7d;
        if (bytes[i] !== close) continue;
        i++;
        stack.pop();
      } else if (b === 0x22) place({ k: 'string', v: string() });
      else if (b === 0x74) place(literal('true', { k: 'bool', v: true }));
      else if (b === 0x66) place(literal('false', { k: 'bool', v: false }));
      else if (b === 0x6e) place(literal('null', { k: 'null' }));
      else if (b === 0x2d || isDigit(b)) place(number());
      else fail(i, 'invalid char');
      // after a value: `,` for the next one, or closers
      for (;;) {
        skipSpace();
        const inner = stack[stack.length - 1];
        if (!inner) {
          if (i < n) fail(i, 'invalid char');
          return { value: result! };
        }
        const c = need();
        if (c === 0x2c) {
          i++;
          break;
        }
        if (c !== (inner.container.k === 'array' ? 0x5d : 0x7d)) fail(i, 'invalid char');
        i++;
        stack.pop();
      }
    }
  } catch (e) {
    if (e instanceof SyntaxFailure) return { syntaxError: sonicSyntaxError(bytes, e.pos, e.message) };
    throw e;
  }
}

/**
 * sonic's SyntaxError text: its description (the index, the problem, the source around the index
 * with a caret under it) quoted as Go's %q quotes it.
 */
function sonicSyntaxError(src: Uint8Array, pos: number, message: string): string {
  const { lbound, lwidth, rbound, rwidth } = calcBounds(src.length, pos);
  const window = src.subarray(lbound, rbound);
  const text = concat(
    Buffer.from(`Syntax error at index ${pos}: ${message}\n\n\t`),
    window,
    Buffer.from(`\n\t${'.'.repeat(lwidth)}^${'.'.repeat(rwidth)}\n`),
  );
  return goQuote(text);
}

/** sonic's calcBounds: 16 bytes either side of pos, shifted to stay inside the source. */
function calcBounds(size: number, pos: number): { lbound: number; lwidth: number; rbound: number; rwidth: number } {
  if (pos >= size || pos < 0) return { lbound: 0, lwidth: 0, rbound: size, rwidth: 0 };
  let i = 16;
  let lbound = pos - i;
  let rbound = pos + i;
  if (lbound < 0) {
    rbound -= lbound;
    i += lbound;
    lbound = 0;
  }
  if (rbound > size) {
    const over = rbound - size;
    rbound = size;
    if (lbound > over) {
      i += over;
      lbound -= over;
    }
  }
  return { lbound, lwidth: Math.max(0, i), rbound, rwidth: Math.max(0, rbound - lbound - i - 1) };
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

/** Go's unicode.IsPrint, as far as JavaScript's property escapes say: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's strconv.Quote of a byte string: printable characters as they are, the rest escaped; invalid UTF-8 as \x bytes. */
export function goQuote(bytes: Uint8Array): string {
  let out = '"';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const width = b < 0x80 ? 1 : b >= 0xf0 && b < 0xf5 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    const char = width > 0 ? validChar(bytes, i, width) : undefined;
    if (char === undefined) {
      out += `\\x${b.toString(16).padStart(2, '0')}`;
      i++;
      continue;
    }
    i += width;
    const cp = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (PRINTABLE.test(char)) out += char;
    else if (char === '\x07') out += '\\a';
    else if (char === '\b') out += '\\b';
    else if (char === '\f') out += '\\f';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char === '\v') out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}

/** The character encoded by `width` bytes at i, or undefined when they are not valid UTF-8. */
function validChar(bytes: Uint8Array, i: number, width: number): string | undefined {
  if (width === 1) return String.fromCharCode(bytes[i]!);
  if (i + width > bytes.length) return undefined;
  const encoded = bytes.subarray(i, i + width);
  const text = utf8.decode(encoded);
  return [...text].length === 1 && Buffer.from(text, 'utf8').equals(encoded) ? text : undefined;
}
