// expr_template_values: the values that fill `{name}` placeholders of a filter, from the wire's
// TemplateValue messages into plain values (Int64 as bigint).
import type { TemplateValues } from '../expr/index.js';

type Wire = Record<string, unknown> & { val?: string; data?: string };

function arrayValue(a: Wire): unknown[] {
  const member = a.data;
  if (!member) return [];
  const inner = (a[member] as { data?: unknown[] } | undefined)?.data ?? [];
  switch (member) {
    case 'long_data':
      return inner.map((v) => BigInt(v as string));
    case 'array_data':
      return inner.map((v) => arrayValue(v as Wire));
    case 'json_data':
      return inner.map((v) => JSON.parse(Buffer.from(v as Uint8Array).toString('utf8')));
    default:
      return inner;
  }
}

function value(v: Wire): unknown {
  switch (v.val) {
    case 'bool_val':
      return Boolean(v.bool_val);
    case 'int64_val':
      return BigInt(v.int64_val as string);
    case 'float_val':
      return Number(v.float_val);
    case 'string_val':
      return String(v.string_val);
    case 'array_val':
      return arrayValue(v.array_val as Wire);
    case 'bytes_val':
      return JSON.parse(Buffer.from(v.bytes_val as Uint8Array).toString('utf8'));
    default:
      return undefined;
  }
}

export function decodeTemplates(map: Record<string, Wire> | undefined): TemplateValues | undefined {
  if (!map || Object.keys(map).length === 0) return undefined;
  const out: TemplateValues = {};
  for (const [name, v] of Object.entries(map)) out[name] = value(v);
  return out;
}
