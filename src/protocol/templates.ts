// expr_template_values: the values that fill `{name}` placeholders of a filter, from the wire's
// TemplateValue messages into plain values (Int64 as bigint).
import type { TemplateValues } from '../expr/index.js';
import type { schema } from './messages.js';

function arrayValue(a: schema.TemplateArrayValue): unknown[] {
  switch (a.data) {
    case 'bool_data':
      return a.bool_data?.data ?? [];
    case 'long_data':
      return (a.long_data?.data ?? []).map((v) => BigInt(v));
    case 'double_data':
      return a.double_data?.data ?? [];
    case 'string_data':
      return a.string_data?.data ?? [];
    case 'array_data':
      return (a.array_data?.data ?? []).map(arrayValue);
    case 'json_data':
      return (a.json_data?.data ?? []).map((v) => JSON.parse(Buffer.from(v).toString('utf8')));
    default:
      return [];
  }
}

// The member `val` names is set: the assertions below only say so.
function value(v: schema.TemplateValue): unknown {
  switch (v.val) {
    case 'bool_val':
      return Boolean(v.bool_val);
    case 'int64_val':
      return BigInt(v.int64_val!);
    case 'float_val':
      return Number(v.float_val);
    case 'string_val':
      return String(v.string_val);
    case 'array_val':
      return arrayValue(v.array_val!);
    case 'bytes_val':
      return JSON.parse(Buffer.from(v.bytes_val!).toString('utf8'));
    default:
      return undefined;
  }
}

export function decodeTemplates(map: { [name: string]: schema.TemplateValue } | undefined): TemplateValues | undefined {
  if (!map || Object.keys(map).length === 0) return undefined;
  const out: TemplateValues = {};
  for (const [name, v] of Object.entries(map)) out[name] = value(v);
  return out;
}
