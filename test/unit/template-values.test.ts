// Template values converted from the wire as Milvus 2.6's plan parser converts them
// (src/protocol/templates.ts, template-json.ts): the JSON reader (iterative, bounded in depth),
// sonic's syntax-error text with Go's %q quoting, parseJSONValue's types and refusals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataType } from '../../src/catalog/index.js';
import { WireTemplateValue } from '../../src/expr/index.js';
import type { schema } from '../../src/protocol/messages.js';
import { goQuote, readJson } from '../../src/protocol/template-json.js';
import { decodeTemplates } from '../../src/protocol/templates.js';

const bytes = (s: string): Uint8Array => Buffer.from(s);
const syntaxError = (s: string): string => {
  const r = readJson(bytes(s), 1000);
  assert.ok('syntaxError' in r, `${s}: ${JSON.stringify(r)}`);
  return r.syntaxError;
};

test("sonic's syntax error: the index, the problem, 16 bytes either side and a caret, quoted as Go's %q", () => {
  assert.equal(syntaxError('not json'), '"Syntax error at index 1: invalid char\\n\\n\\tnot json\\n\\t.^......\\n"');
  // past the end: the whole source and a bare caret
  assert.equal(syntaxError('[1, 2'), '"Syntax error at index 5: eof\\n\\n\\t[1, 2\\n\\t^\\n"');
  assert.equal(syntaxError(''), '"Syntax error at index 0: eof\\n\\n\\t\\n\\t^\\n"');
  // in the middle of a long source: 16 bytes before, the byte, 15 after
  const long = `[${'1,'.repeat(30)}x${',1'.repeat(30)}]`;
  assert.equal(
    syntaxError(long),
    `"Syntax error at index 61: invalid char\\n\\n\\t${long.slice(45, 77)}\\n\\t${'.'.repeat(16)}^${'.'.repeat(15)}\\n"`,
  );
  assert.equal(syntaxError('["a\\q"]'), '"Syntax error at index 4: invalid escape char\\n\\n\\t[\\"a\\\\q\\"]\\n\\t....^..\\n"');
  assert.equal(syntaxError('[1.]'), '"Syntax error at index 3: invalid number format\\n\\n\\t[1.]\\n\\t...^\\n"');
  assert.equal(syntaxError('1 2'), '"Syntax error at index 2: invalid char\\n\\n\\t1 2\\n\\t..^\\n"');
});

test("Go's %q: printable text as it is, control characters and broken UTF-8 escaped", () => {
  assert.equal(goQuote(bytes('a"b\\c\n\t\x01\x7f')), '"a\\"b\\\\c\\n\\t\\x01\\x7f"');
  assert.equal(goQuote(bytes('é漢😀')), '"é漢😀"');
  assert.equal(goQuote(bytes('\u200b\ufeff')), '"\\u200b\\ufeff"');
  assert.equal(goQuote(Uint8Array.from([0x61, 0xe6, 0xbc, 0x62])), '"a\\xe6\\xbcb"');
});

test("the JSON reader keeps Go's view of values and never recurses: 1,000,000 levels are refused, not a stack overflow", () => {
  const r = readJson(bytes('{"a": [1, 2.5, "x\\u00e9", true, null], "b": {}}'), 1000);
  assert.deepEqual(r, {
    value: {
      k: 'object',
      entries: [
        [
          'a',
          {
            k: 'array',
            items: [{ k: 'number', text: '1' }, { k: 'number', text: '2.5' }, { k: 'string', v: 'xé' }, { k: 'bool', v: true }, { k: 'null' }],
          },
        ],
        ['b', { k: 'object', entries: [] }],
      ],
    },
  });
  assert.deepEqual(readJson(bytes('['.repeat(1_000_000) + ']'.repeat(1_000_000)), 1000), { tooDeep: true });
  assert.ok('value' in readJson(bytes('['.repeat(1000) + ']'.repeat(1000)), 1000));
  assert.deepEqual(readJson(bytes('['.repeat(1001) + ']'.repeat(1001)), 1000), { tooDeep: true });
});

const convert = (v: schema.TemplateValue): WireTemplateValue => decodeTemplates({ v })!['v'] as WireTemplateValue;
const json = (...texts: string[]): schema.TemplateValue =>
  ({ array_val: { json_data: { data: texts.map((t) => Buffer.from(t)) }, data: 'json_data' }, val: 'array_val' }) as never;

test('wire values convert with the types ConvertToGenericValue gives them', () => {
  assert.deepEqual(convert({ float_val: 2, val: 'float_val' } as never).value, { t: 'float', v: 2 });
  assert.deepEqual(convert({ int64_val: '-9223372036854775808', val: 'int64_val' } as never).value, { t: 'int', v: -(2n ** 63n) });
  assert.deepEqual(convert({ array_val: { long_data: { data: [] }, data: 'long_data' }, val: 'array_val' } as never).value, {
    t: 'array',
    v: [],
    sameType: true,
    elementType: DataType.Int64,
  });
  // json.Number: an integer when ParseInt reads it, else a float; strings are DataType_String there
  assert.deepEqual(convert(json('9223372036854775807', '1.0', '[1, "a"]')).value, {
    t: 'array',
    sameType: false,
    elementType: DataType.JSON,
    v: [
      { t: 'int', v: 2n ** 63n - 1n },
      { t: 'float', v: 1 },
      {
        t: 'array',
        sameType: false,
        elementType: DataType.Int64,
        v: [
          { t: 'int', v: 1n },
          { t: 'string', v: 'a' },
        ],
      },
    ],
  });
  assert.deepEqual(convert(json('9223372036854775808')).value?.t === 'array' && convert(json('9223372036854775808')).value, {
    t: 'array',
    sameType: false,
    elementType: DataType.JSON,
    v: [{ t: 'float', v: 9223372036854775808 }],
  });
});

test("values that do not convert carry Milvus's error, or Elanus's when nested too deep", () => {
  assert.equal(convert({} as never).error, 'expression elements can only be scalars');
  assert.equal(convert({ bytes_val: Buffer.from('1'), val: 'bytes_val' } as never).error, 'expression elements can only be scalars');
  assert.equal(convert({ array_val: {}, val: 'array_val' } as never).error, 'unknown template variable value type: <nil>');
  assert.equal(
    convert(json('{"z": null, "a": [1, {"b": "c"}]}')).error,
    'map[a:[1 map[b:c]] z:<nil>] is of unknown type: map[string]interface {}\n',
  );
  assert.equal(convert(json('[true, null]')).error, '<nil> is of unknown type: <nil>\n');
  assert.equal(convert(json('-1e999')).error, "-1e999 is a number, but couldn't convert it");
  assert.equal(
    convert(json('['.repeat(2000) + ']'.repeat(2000))).error,
    'the value of expression template variable {v} nests arrays deeper than 1000 levels, the most Elanus reads',
  );
});
