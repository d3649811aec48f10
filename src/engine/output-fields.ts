// Which columns a query or search returns: `*` means every field (vectors included) and the
// dynamic keys; a schema field by name; `$meta` for all dynamic keys; any other name is a
// dynamic key when the collection has a dynamic field, and an error otherwise.
import { DYNAMIC_FIELD_NAME, goTrimSpace, type CollectionSchema, type FieldSchema } from '../catalog/index.js';
import { queryErrors } from '../errors.js';

export interface OutputColumns {
  fields: FieldSchema[];
  /** 'all' for the whole `$meta` object, a list of keys, or none. */
  dynamic: 'all' | string[] | undefined;
  /** The names the reply lists in `output_fields`. */
  names: string[];
}

export function resolveOutputFields(schema: CollectionSchema, requested: readonly string[], includePrimaryKey: boolean): OutputColumns {
  const fields: FieldSchema[] = [];
  const add = (f: FieldSchema) => {
    if (!fields.includes(f)) fields.push(f);
  };
  let dynamic: 'all' | string[] | undefined;
  const keys: string[] = [];
  for (const raw of requested) {
    // translateOutputFields' strings.TrimSpace: a leading byte-order mark stays part of the name
    const name = goTrimSpace(raw);
    if (name === '') continue;
    if (name === '*') {
      schema.fields.forEach(add);
      if (schema.enableDynamicField) dynamic = 'all';
      continue;
    }
    const field = schema.fields.find((f) => f.name === name);
    if (field) add(field);
    else if (name === DYNAMIC_FIELD_NAME && schema.enableDynamicField) dynamic = 'all';
    else if (schema.enableDynamicField) keys.push(name);
    else throw queryErrors.outputFieldNotFound(name);
  }
  if (dynamic === undefined && keys.length > 0) dynamic = keys;
  if (includePrimaryKey) {
    const pk = schema.fields.find((f) => f.isPrimaryKey)!;
    if (!fields.includes(pk)) fields.unshift(pk);
  }
  const names = fields.map((f) => f.name);
  if (dynamic === 'all') names.push(DYNAMIC_FIELD_NAME);
  else if (dynamic) names.push(...dynamic);
  return { fields, dynamic, names };
}

/** `$meta` texts cut down to the requested keys. */
export function projectDynamic(texts: string[], dynamic: 'all' | string[]): string[] {
  if (dynamic === 'all') return texts;
  return texts.map((t) => {
    const obj = JSON.parse(t) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of dynamic) if (k in obj) out[k] = obj[k];
    return JSON.stringify(out);
  });
}
