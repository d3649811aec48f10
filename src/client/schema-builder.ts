// Collection schemas as the official SDK lets callers write them ({name, data_type, dim, ...}),
// turned into Milvus's CollectionSchema message; and the quick setup's schema and index.
import { dataTypeName } from '../catalog/index.js';

export interface FieldSpec {
  name: string;
  /** A DataType number or name (`DataType.Int64`, `'Int64'`). */
  data_type: number | string;
  is_primary_key?: boolean;
  autoID?: boolean;
  description?: string;
  dim?: number | string;
  max_length?: number | string;
  max_capacity?: number | string;
  element_type?: number | string;
  nullable?: boolean;
  default_value?: unknown;
  is_partition_key?: boolean;
  is_clustering_key?: boolean;
  type_params?: Record<string, unknown>;
}

export interface QuickSetup {
  collection_name: string;
  dimension: number;
  metric_type?: string;
  primary_field_name?: string;
  id_type?: 'Int64' | 'VarChar';
  vector_field_name?: string;
  auto_id?: boolean;
  enable_dynamic_field?: boolean;
  max_length?: number;
  description?: string;
}

export function typeName(t: number | string): string {
  if (typeof t === 'number') return dataTypeName(t);
  return t;
}

/** The ValueField member a default value travels in, by the field's type. */
function defaultValue(type: string, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  switch (type) {
    case 'Bool':
      return { bool_data: Boolean(value) };
    case 'Int8':
    case 'Int16':
    case 'Int32':
      return { int_data: Number(value) };
    case 'Int64':
      return { long_data: String(value) };
    case 'Float':
      return { float_data: Number(value) };
    case 'Double':
      return { double_data: Number(value) };
    default:
      return { string_data: String(value) };
  }
}

function fieldMessage(f: FieldSpec): Record<string, unknown> {
  const type = typeName(f.data_type);
  const params: { key: string; value: string }[] = [];
  if (f.dim !== undefined) params.push({ key: 'dim', value: String(f.dim) });
  if (f.max_length !== undefined) params.push({ key: 'max_length', value: String(f.max_length) });
  if (f.max_capacity !== undefined) params.push({ key: 'max_capacity', value: String(f.max_capacity) });
  for (const [key, value] of Object.entries(f.type_params ?? {})) params.push({ key, value: String(value) });
  return {
    name: f.name,
    description: f.description ?? '',
    data_type: type,
    is_primary_key: f.is_primary_key ?? false,
    autoID: f.autoID ?? false,
    type_params: params,
    element_type: f.element_type === undefined ? 'None' : typeName(f.element_type),
    nullable: f.nullable ?? false,
    default_value: defaultValue(type, f.default_value),
    is_partition_key: f.is_partition_key ?? false,
    is_clustering_key: f.is_clustering_key ?? false,
  };
}

export interface BuiltSchema {
  schema: Record<string, unknown>;
  /** The quick setup's index, created (then the collection loaded) after the collection. */
  index?: { field_name: string; index_type: string; metric_type: string };
}

export function buildSchema(
  req: QuickSetup | { collection_name: string; fields: FieldSpec[]; enable_dynamic_field?: boolean; description?: string },
): BuiltSchema {
  if ('fields' in req) {
    return {
      schema: {
        name: req.collection_name,
        description: req.description ?? '',
        fields: req.fields.map(fieldMessage),
        enable_dynamic_field: req.enable_dynamic_field ?? false,
      },
    };
  }
  const idType = req.id_type ?? 'Int64';
  const pk: FieldSpec = {
    name: req.primary_field_name ?? 'id',
    data_type: idType,
    is_primary_key: true,
    autoID: req.auto_id ?? false,
    max_length: idType === 'VarChar' ? (req.max_length ?? 65535) : undefined,
  };
  const vector: FieldSpec = { name: req.vector_field_name ?? 'vector', data_type: 'FloatVector', dim: req.dimension };
  return {
    schema: {
      name: req.collection_name,
      description: req.description ?? '',
      fields: [fieldMessage(pk), fieldMessage(vector)],
      enable_dynamic_field: req.enable_dynamic_field ?? true,
    },
    index: { field_name: vector.name, index_type: 'AUTOINDEX', metric_type: req.metric_type ?? 'COSINE' },
  };
}
