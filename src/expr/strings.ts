// String literals: Milvus's convertEscapeSingle (a single-quoted literal becomes a double-quoted
// one) followed by Go's strconv.Unquote, whose only error text is "invalid syntax".
import { VisitError } from './errors.js';

const invalid = (): VisitError => new VisitError('invalid syntax');

export function unquote(literal: string): string {
  // convertEscapeSingle: re-quote with '"', escaping bare '"' and unescaping "\'".
  const cs = Array.from(literal);
  let body = '';
  let escapes = 0;
  for (let i = 1; i < cs.length - 1; i++) {
    const c = cs[i]!;
    if (c === '\\') {
      escapes++;
      body += c;
      continue;
    }
    if (c === '"' && escapes % 2 === 0) body += '\\"';
    else if (c === "'" && escapes % 2 !== 0) body = body.slice(0, -1) + "'";
    else body += c;
    escapes = 0;
  }
  return goUnquoteBody(body);
}

/** strconv.Unquote of `"body"`. */
function goUnquoteBody(s: string): string {
  let out = '';
  const cs = Array.from(s);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c === '"' || c === '\n') throw invalid();
    if (c !== '\\') {
      out += c;
      continue;
    }
    const d = cs[++i];
    switch (d) {
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case '"':
        out += '"';
        break;
      case 'x': {
        const h = cs.slice(i + 1, i + 3).join('');
        if (!/^[0-9a-fA-F]{2}$/.test(h)) throw invalid();
        out += String.fromCharCode(parseInt(h, 16));
        i += 2;
        break;
      }
      case 'u':
      case 'U': {
        const n = d === 'u' ? 4 : 8;
        const h = cs.slice(i + 1, i + 1 + n).join('');
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) throw invalid();
        const cp = parseInt(h, 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) throw invalid();
        out += String.fromCodePoint(cp);
        i += n;
        break;
      }
      default: {
        if (d !== undefined && d >= '0' && d <= '7') {
          const o = cs.slice(i, i + 3).join('');
          if (!/^[0-7]{3}$/.test(o)) throw invalid();
          const v = parseInt(o, 8);
          if (v > 255) throw invalid();
          out += String.fromCharCode(v);
          i += 2;
          break;
        }
        throw invalid();
      }
    }
  }
  return out;
}
