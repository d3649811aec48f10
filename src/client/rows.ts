// Rows ({field: value}) to Milvus's FieldData columns and back, as the official SDK converts them.
export type Row = Record<string, unknown>;

interface SchemaView {
  fields: { name: string; dataType: string; isPrimaryKey: boolean; autoID: boolean; isDynamic: boolean; dim: number }[];
  dynamic: boolean;
}

function scalars(type: string, values: unknown[]): Record<string, unknown> {
  switch (type) {
    case 'Bool':
      return { bool_data: { data: values.map(Boolean) } };
    case 'Int8':
    case 'Int16':
    case 'Int32':
      return { int_data: { data: values.map(Number) } };
    case 'Int64':
      return { long_data: { data: values.map((v) => String(v)) } };
    case 'Float':
      return { float_data: { data: values.map(Number) } };
    case 'Double':
      return { double_data: { data: values.map(Number) } };
    case 'JSON':
      return { json_data: { data: values.map((v) => Buffer.from(JSON.stringify(v))) } };
    default:
      return { string_data: { data: values.map((v) => String(v)) } };
  }
}

function column(field: SchemaView['fields'][number], rows: Row[]): Record<string, unknown> {
  const present = rows.map((r) => r[field.name] !== undefined && r[field.name] !== null);
  const values = rows.filter((_, i) => present[i]).map((r) => r[field.name]);
  const base: Record<string, unknown> = { type: field.dataType, field_name: field.name };
  if (present.some((p) => !p)) base.valid_data = present;
  if (field.dataType === 'FloatVector') {
    return { ...base, vectors: { dim: String(field.dim), float_vector: { data: values.flat() as number[] } } };
  }
  return { ...base, scalars: scalars(field.dataType, values) };
}

/** Columns for an insert or upsert: schema fields in order, then the dynamic keys as `$meta`. */
export function rowsToFieldData(schema: SchemaView, rows: Row[], upsert: boolean): Record<string, unknown>[] {
  const columns: Record<string, unknown>[] = [];
  const known = new Set<string>();
  for (const f of schema.fields) {
    known.add(f.name);
    if (f.isPrimaryKey && f.autoID && !upsert && rows.every((r) => r[f.name] === undefined)) continue;
    if (rows.every((r) => r[f.name] === undefined)) continue; // the server fills nullable / default fields
    columns.push(column(f, rows));
  }
  if (schema.dynamic) {
    const meta = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !known.has(k))));
    columns.push({ type: 'JSON', field_name: '$meta', is_dynamic: true, scalars: scalars('JSON', meta) });
  }
  return columns;
}

interface WireFieldData {
  field_name: string;
  type: string;
  is_dynamic?: boolean;
  valid_data?: boolean[];
  scalars?: Record<string, { data?: unknown[] } | string> & { data?: string };
  vectors?: { dim: string; float_vector?: { data: number[] }; data?: string };
}

function values(fd: WireFieldData): unknown[] {
  if (fd.vectors) {
    const dim = Number(fd.vectors.dim);
    const flat = fd.vectors.float_vector?.data ?? [];
    const out: number[][] = [];
    for (let i = 0; i < flat.length; i += dim) out.push(flat.slice(i, i + dim));
    return out;
  }
  const member = fd.scalars?.data as string | undefined;
  const list = ((member && (fd.scalars![member] as { data?: unknown[] })?.data) ?? []) as unknown[];
  if (member === 'json_data') return list.map((b) => JSON.parse(Buffer.from(b as Uint8Array).toString('utf8')));
  if (member === 'long_data' && fd.type === 'Int64') return list.map((v) => Number(v));
  return list;
}

/** Rows from reply columns; a null (valid_data false) becomes null. */
export function fieldDataToRows(fieldsData: WireFieldData[]): Row[] {
  const rows: Row[] = [];
  for (const fd of fieldsData ?? []) {
    const vals = values(fd);
    vals.forEach((v, i) => {
      const row = (rows[i] ??= {});
      const valid = fd.valid_data && fd.valid_data.length > 0 ? fd.valid_data[i] : true;
      row[fd.field_name] = valid ? v : null;
    });
  }
  return rows;
}
