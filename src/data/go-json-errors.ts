// The error texts of Go's encoding/json (scanner.go's syntax errors, decode.go's UnmarshalTypeError)
// for JSON values. Milvus's proxy answers a bad JSON field or dynamic-field row with the text
// json.Unmarshal gave it (internal/proxy: util.go checkDynamicFieldData, validate_util.go's JSON
// check), so Elanus scans the text the way Go's scanner does to say the same thing.

/** Go's quoteChar. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const q = JSON.stringify(c).slice(1, -1);
  const code = c.charCodeAt(0);
  if (code < 0x20 && !/^\\[nrt]$/.test(q)) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return `'${q}'`;
}

/** The error Go's json.Unmarshal gives for a syntax error in `text`, or null when it is valid JSON. */
export function goJsonSyntaxError(text: string): string | null {
  let i = 0;
  const n = text.length;
  class Fail extends Error {}
  const bad = (context: string): never => {
    throw new Fail(`invalid character ${quoteChar(text[i]!)} ${context}`);
  };
  const eof = (): never => {
    throw new Fail('unexpected end of JSON input');
  };
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const literal = (word: string) => {
    i++;
    for (let j = 1; j < word.length; j++, i++) {
      if (i >= n) eof();
      if (text[i] !== word[j]) bad(`in literal ${word} (expecting ${quoteChar(word[j]!)})`);
    }
  };
  const digits = () => {
    while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
  };
  const number = () => {
    if (text[i] === '-') {
      i++;
      if (i >= n) eof();
      if (!(text[i]! >= '0' && text[i]! <= '9')) bad('in numeric literal');
    }
    if (text[i] === '0') i++;
    else digits();
    if (i < n && text[i] === '.') {
      i++;
      if (i >= n) eof();
      if (!(text[i]! >= '0' && text[i]! <= '9')) bad('after decimal point in numeric literal');
      digits();
    }
    if (i < n && (text[i] === 'e' || text[i] === 'E')) {
      i++;
      if (i < n && (text[i] === '+' || text[i] === '-')) i++;
      if (i >= n) eof();
      if (!(text[i]! >= '0' && text[i]! <= '9')) bad('in exponent of numeric literal');
      digits();
    }
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= n) eof();
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        if (i >= n) eof();
        const e = text[i]!;
        if (e === 'u') {
          i++;
          for (let j = 0; j < 4; j++, i++) {
            if (i >= n) eof();
            if (!/[0-9a-fA-F]/.test(text[i]!)) bad('in \\u hexadecimal character escape');
          }
          continue;
        }
        if (!'"\\/bfnrt'.includes(e)) bad('in string escape code');
        i++;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) bad('in string literal');
      i++;
    }
  };
  const value = (): void => {
    ws();
    if (i >= n) eof();
    const c = text[i]!;
    if (c === '{') {
      i++;
      ws();
      if (i >= n) eof();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        if (i >= n) eof();
        if (text[i] !== '"') bad('looking for beginning of object key string');
        string();
        ws();
        if (i >= n) eof();
        if (text[i] !== ':') bad('after object key');
        i++;
        value();
        ws();
        if (i >= n) eof();
        if (text[i] === '}') {
          i++;
          return;
        }
        if (text[i] !== ',') bad('after object key:value pair');
        i++;
        ws();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (i >= n) eof();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (i >= n) eof();
        if (text[i] === ']') {
          i++;
          return;
        }
        if (text[i] !== ',') bad('after array element');
        i++;
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    bad('looking for beginning of value');
  };
  try {
    value();
    ws();
    if (i < n) bad('after top-level value');
    return null;
  } catch (e) {
    if (e instanceof Fail) return e.message;
    throw e;
  }
}

/** What Go's json.Unmarshal into map[string]interface{} says about valid JSON that is not an object (null is accepted). */
export function goJsonNotObject(text: string): string | null {
  const c = text.trimStart()[0];
  const what = c === '[' ? 'array' : c === '"' ? 'string' : c === 't' || c === 'f' ? 'bool' : c === '{' || c === 'n' ? null : 'number';
  return what === null ? null : `json: cannot unmarshal ${what} into Go value of type map[string]interface {}`;
}
