// Collection schemas between the wire (schema.CollectionSchema: serialized bytes in
// CreateCollection, a message in DescribeCollection) and the catalog's model.
import { DataType, type CollectionSchema, type DefaultValue, type FieldSchema, type FunctionSchema, type KeyValue } from '../catalog/index.js';
import { schemaErrors } from '../errors.js';
import { CONVERSION, protoRoot } from './descriptors.js';
import { refuseUnservedSchemaOptions, type WireSchemaExtras } from './unserved-options.js';

const CollectionSchemaType = protoRoot.lookupType('milvus.proto.schema.CollectionSchema');

/* Wire shapes as protobufjs gives them with CONVERSION (int64 as strings, enums as names). */
interface WireKeyValue {
  key: string;
  value: string;
}
interface WireValueField {
  data?: string;
  [member: string]: unknown;
}
interface WireField {
  fieldID: string;
  name: string;
  is_primary_key: boolean;
  description: string;
  data_type: string | number;
  type_params: WireKeyValue[];
  index_params: WireKeyValue[];
  autoID: boolean;
  element_type: string | number;
  default_value?: WireValueField | null;
  is_dynamic: boolean;
  is_partition_key: boolean;
  is_clustering_key: boolean;
  nullable: boolean;
  is_function_output: boolean;
  external_field?: string;
}
interface WireFunction {
  name: string;
  id: string;
  description: string;
  type: string | number;
  input_field_names: string[];
  output_field_names: string[];
  params: WireKeyValue[];
}
interface WireSchema extends WireSchemaExtras {
  name: string;
  description: string;
  autoID: boolean;
  fields: WireField[];
  enable_dynamic_field: boolean;
  properties: WireKeyValue[];
  functions: WireFunction[];
}

function dataTypeOf(value: string | number): DataType {
  if (typeof value === 'number') return value as DataType;
  const n = (DataType as unknown as Record<string, number>)[value];
  return n === undefined ? (-1 as DataType) : (n as DataType);
}

const keyValues = (pairs: WireKeyValue[] | undefined): KeyValue[] => (pairs ?? []).map((p) => ({ key: p.key, value: p.value }));

function defaultValueOf(v: WireValueField | null | undefined): DefaultValue | undefined {
  if (!v || !v.data) return undefined;
  const value = v[v.data];
  switch (v.data) {
    case 'bool_data':
      return { kind: 'bool', value: Boolean(value) };
    case 'int_data':
      return { kind: 'int', value: Number(value) };
    case 'long_data':
      return { kind: 'long', value: String(value) };
    case 'timestamptz_data':
      return { kind: 'timestamptz', value: String(value) };
    case 'float_data':
      return { kind: 'float', value: Number(value) };
    case 'double_data':
      return { kind: 'double', value: Number(value) };
    case 'string_data':
      return { kind: 'string', value: String(value) };
    case 'bytes_data':
      return { kind: 'bytes', value: String(value) };
    default:
      return undefined;
  }
}

function wireDefaultValue(d: DefaultValue | undefined): Record<string, unknown> | null {
  if (!d) return null;
  return { [`${d.kind}_data`]: d.value };
}

/** Decodes CreateCollection's `schema` bytes; a payload that is not a schema gets protobuf's error text (65535, as in Milvus). */
export function decodeSchema(bytes: Uint8Array): CollectionSchema {
  let wire: WireSchema;
  try {
    wire = CollectionSchemaType.toObject(CollectionSchemaType.decode(bytes), CONVERSION) as WireSchema;
  } catch (e) {
    throw schemaErrors.notDecodable((e as Error).message);
  }
  refuseUnservedSchemaOptions(wire);
  // A field marked is_dynamic (the hidden `$meta` column) is refused by validation, as in Milvus.
  const fields: FieldSchema[] = wire.fields.map((f) => ({
    fieldID: Number(f.fieldID),
    name: f.name,
    description: f.description,
    dataType: dataTypeOf(f.data_type),
    isPrimaryKey: f.is_primary_key,
    autoID: f.autoID,
    typeParams: keyValues(f.type_params),
    indexParams: keyValues(f.index_params),
    elementType: dataTypeOf(f.element_type),
    defaultValue: defaultValueOf(f.default_value),
    isDynamic: f.is_dynamic,
    isPartitionKey: f.is_partition_key,
    isClusteringKey: f.is_clustering_key,
    nullable: f.nullable,
    isFunctionOutput: f.is_function_output,
  }));
  const functions: FunctionSchema[] = wire.functions.map((fn) => ({
    name: fn.name,
    id: Number(fn.id),
    description: fn.description,
    type: String(fn.type),
    inputFieldNames: fn.input_field_names,
    outputFieldNames: fn.output_field_names,
    params: keyValues(fn.params),
  }));
  return {
    name: wire.name,
    description: wire.description,
    autoID: wire.autoID,
    fields,
    enableDynamicField: wire.enable_dynamic_field,
    properties: keyValues(wire.properties),
    functions,
  };
}

/** The schema as DescribeCollection sends it: without the hidden `$meta` field. */
export function encodeSchema(schema: CollectionSchema, dbName: string): Record<string, unknown> {
  return {
    name: schema.name,
    description: schema.description,
    autoID: schema.autoID,
    fields: schema.fields.map((f) => ({
      fieldID: String(f.fieldID),
      name: f.name,
      is_primary_key: f.isPrimaryKey,
      description: f.description,
      data_type: DataType[f.dataType] ?? f.dataType,
      type_params: f.typeParams,
      index_params: f.indexParams,
      autoID: f.autoID,
      state: 'FieldCreated',
      element_type: DataType[f.elementType] ?? f.elementType,
      default_value: wireDefaultValue(f.defaultValue),
      is_dynamic: f.isDynamic,
      is_partition_key: f.isPartitionKey,
      is_clustering_key: f.isClusteringKey,
      nullable: f.nullable,
      is_function_output: f.isFunctionOutput,
    })),
    enable_dynamic_field: schema.enableDynamicField,
    properties: schema.properties,
    functions: schema.functions.map((fn) => ({
      name: fn.name,
      id: String(fn.id),
      description: fn.description,
      type: fn.type,
      input_field_names: fn.inputFieldNames,
      output_field_names: fn.outputFieldNames,
      params: fn.params,
    })),
    dbName,
  };
}
