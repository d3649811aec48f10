// expr_template_values: the values that fill `{name}` placeholders of a filter, converted from the
// wire's TemplateValue messages as Milvus 2.6's plan parser converts them
// (planparserv2/convert_field_data_to_generic_value.go: ConvertToGenericValue, convertArrayValue,
// and parseJSONValue in utils.go). A value that does not convert carries Milvus's error, which the
// plan reports once the filter has parsed (the request then fails with code 1100, "failed to create
// query plan: <error>: invalid parameter").
import { DataType } from '../catalog/index.js';
import { gvBool, gvFloat, gvInt, gvString, MAX_EXPR_DEPTH, WireTemplateValue, type GV, type TemplateValues } from '../expr/index.js';
import type { schema } from './messages.js';
import { readJson, type GoJsonValue } from './template-json.js';

/**
 * How deep a template value's arrays may nest, on the wire or in its JSON: as deep as a filter's
 * own text may (the passes over constants recurse once per level). Milvus reads deeper values
 * (its protobuf decoder allows 10,000 message levels, sonic 4,096 JSON levels); deeper values are
 * refused with Elanus's own text.
 */
const MAX_TEMPLATE_DEPTH = MAX_EXPR_DEPTH;

/** Why a value failed to convert: Milvus's text, thrown up to decodeTemplates. */
class ConversionError extends Error {}

function tooDeep(name: string): never {
  throw new ConversionError(
    `the value of expression template variable {${name}} nests arrays deeper than ${MAX_TEMPLATE_DEPTH} levels, the most Elanus reads`,
  );
}

const arrayGV = (v: GV[], sameType: boolean, elementType: DataType): GV => ({ t: 'array', v, sameType, elementType });

/** convertArrayValue: an array of one wire type; JSON elements parsed, nested arrays converted in turn. */
function arrayValue(name: string, a: schema.TemplateArrayValue, depth: number): GV {
  if (depth > MAX_TEMPLATE_DEPTH) tooDeep(name);
  switch (a.data) {
    case 'bool_data':
      return arrayGV(
        (a.bool_data?.data ?? []).map((v) => gvBool(Boolean(v))),
        true,
        DataType.Bool,
      );
    case 'long_data':
      return arrayGV(
        (a.long_data?.data ?? []).map((v) => gvInt(BigInt(v))),
        true,
        DataType.Int64,
      );
    case 'double_data':
      return arrayGV(
        (a.double_data?.data ?? []).map((v) => gvFloat(Number(v))),
        true,
        DataType.Double,
      );
    case 'string_data':
      return arrayGV(
        (a.string_data?.data ?? []).map((v) => gvString(String(v))),
        true,
        DataType.VarChar,
      );
    case 'array_data':
      return arrayGV(
        (a.array_data?.data ?? []).map((v) => arrayValue(name, v, depth + 1)),
        true,
        DataType.Array,
      );
    case 'json_data':
      return arrayGV(
        (a.json_data?.data ?? []).map((v) => jsonElement(name, v, depth)),
        false,
        DataType.JSON,
      );
    default:
      // Go prints the unset oneof (a nil interface) as <nil>.
      throw new ConversionError('unknown template variable value type: <nil>');
  }
}

/** One json_data element: json.Unmarshal's syntax error, or parseJSONValue's value or error. */
function jsonElement(name: string, bytes: Uint8Array, depth: number): GV {
  const read = readJson(bytes, MAX_TEMPLATE_DEPTH - depth);
  if ('tooDeep' in read) tooDeep(name);
  if ('syntaxError' in read) throw new ConversionError(read.syntaxError);
  return goJsonToGV(read.value);
}

/** parseJSONValue: numbers as int64 when strconv.ParseInt reads them, else float64; null and objects refused. */
function goJsonToGV(j: GoJsonValue): GV {
  switch (j.k) {
    case 'number': {
      if (/^-?\d+$/.test(j.text)) {
        const v = BigInt(j.text);
        if (v >= -(2n ** 63n) && v < 2n ** 63n) return gvInt(v);
      }
      const f = Number(j.text);
      if (!Number.isFinite(f)) throw new ConversionError(`${j.text} is a number, but couldn't convert it`);
      return gvFloat(f);
    }
    case 'string':
      return gvString(j.v);
    case 'bool':
      return gvBool(j.v);
    case 'array': {
      const items = j.items.map(goJsonToGV);
      const types = items.map(jsonDataType);
      const sameType = types.every((t) => t === types[0]);
      return arrayGV(items, sameType, types[0] ?? DataType.None);
    }
    case 'null':
      throw new ConversionError('<nil> is of unknown type: <nil>\n');
    case 'object':
      throw new ConversionError(`${goFormat(j)} is of unknown type: map[string]interface {}\n`);
  }
}

/** The data type parseJSONValue gives an element: strings are DataType_String there. */
function jsonDataType(g: GV): DataType {
  switch (g.t) {
    case 'int':
      return DataType.Int64;
    case 'float':
      return DataType.Double;
    case 'string':
      return DataType.String;
    case 'bool':
      return DataType.Bool;
    case 'array':
      return DataType.Array;
  }
}

/** Go's %v of a decoded JSON value: maps with sorted keys, slices space-separated. */
function goFormat(j: GoJsonValue): string {
  switch (j.k) {
    case 'number':
      return j.text;
    case 'string':
      return j.v;
    case 'bool':
      return String(j.v);
    case 'null':
      return '<nil>';
    case 'array':
      return `[${j.items.map(goFormat).join(' ')}]`;
    case 'object': {
      const byKey = new Map(j.entries); // a repeated key keeps its last value, as in a Go map
      const keys = [...byKey.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      return `map[${keys.map((k) => `${k}:${goFormat(byKey.get(k)!)}`).join(' ')}]`;
    }
  }
}

/** ConvertToGenericValue. */
function value(name: string, v: schema.TemplateValue | null | undefined): GV {
  if (!v) throw new ConversionError(`expression template variable value is nil, template name: {${name}}`);
  switch (v.val) {
    case 'bool_val':
      return gvBool(Boolean(v.bool_val));
    case 'int64_val':
      return gvInt(BigInt(v.int64_val!));
    case 'float_val':
      // a float stays a float (2.0 included): an integer field refuses it, as in Milvus
      return gvFloat(Number(v.float_val));
    case 'string_val':
      return gvString(String(v.string_val));
    case 'array_val':
      return arrayValue(name, v.array_val!, 1);
    default:
      // no value, or bytes_val, which Milvus 2.6's conversion does not take
      throw new ConversionError('expression elements can only be scalars');
  }
}

export function decodeTemplates(map: { [name: string]: schema.TemplateValue } | undefined): TemplateValues | undefined {
  if (!map || Object.keys(map).length === 0) return undefined;
  const out: TemplateValues = {};
  for (const [name, v] of Object.entries(map)) {
    try {
      out[name] = WireTemplateValue.of(value(name, v));
    } catch (e) {
      if (!(e instanceof ConversionError)) throw e;
      out[name] = WireTemplateValue.failed(e.message);
    }
  }
  return out;
}
