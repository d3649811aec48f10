// The schema model: what a collection's fields are. Plain data, shared by every layer; the
// transports translate protobuf or JSON into these shapes and back. Numeric DataType values are
// Milvus's (schema.proto) so they can be stored and sent without a table in between.

export enum DataType {
  None = 0,
  Bool = 1,
  Int8 = 2,
  Int16 = 3,
  Int32 = 4,
  Int64 = 5,
  Float = 10,
  Double = 11,
  String = 20,
  VarChar = 21,
  Array = 22,
  JSON = 23,
  Geometry = 24,
  Text = 25,
  Timestamptz = 26,
  BinaryVector = 100,
  FloatVector = 101,
  Float16Vector = 102,
  BFloat16Vector = 103,
  SparseFloatVector = 104,
  Int8Vector = 105,
}

/** A default value, tagged with the proto ValueField member it travels in. Int64s stay strings. */
export type DefaultValue =
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: number }
  | { kind: 'long'; value: string }
  | { kind: 'timestamptz'; value: string }
  | { kind: 'float'; value: number }
  | { kind: 'double'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'bytes'; value: string /* base64 */ };

export interface KeyValue {
  key: string;
  value: string;
}

export interface FieldSchema {
  fieldID: number;
  name: string;
  description: string;
  dataType: DataType;
  isPrimaryKey: boolean;
  autoID: boolean;
  /** dim, max_length, max_capacity, analyzer settings...: kept as sent, in order. */
  typeParams: KeyValue[];
  indexParams: KeyValue[];
  /** For Array fields, the element type; None otherwise. */
  elementType: DataType;
  defaultValue?: DefaultValue;
  isDynamic: boolean;
  isPartitionKey: boolean;
  isClusteringKey: boolean;
  nullable: boolean;
  isFunctionOutput: boolean;
}

/** A schema function (BM25, text embedding...): stored and echoed; run by later work. */
export interface FunctionSchema {
  name: string;
  id: number;
  description: string;
  type: string;
  inputFieldNames: string[];
  outputFieldNames: string[];
  params: KeyValue[];
}

export interface CollectionSchema {
  name: string;
  description: string;
  autoID: boolean;
  /** User fields, in the order given, with ids from 100; never the hidden `$meta` field. */
  fields: FieldSchema[];
  enableDynamicField: boolean;
  properties: KeyValue[];
  functions: FunctionSchema[];
}

/** The hidden JSON column that holds the dynamic keys of a row. */
export const DYNAMIC_FIELD_NAME = '$meta';
/**
 * The hidden `$meta` field of a dynamic collection, as Milvus's proxy adds it (description
 * "dynamic schema", the id after the last user field).
 */
export function dynamicFieldOf(schema: Pick<CollectionSchema, 'fields'>): FieldSchema {
  const lastId = schema.fields.reduce((max, f) => Math.max(max, f.fieldID), FIRST_USER_FIELD_ID - 1);
  return defineField(DYNAMIC_FIELD_NAME, DataType.JSON, { fieldID: lastId + 1, description: 'dynamic schema', isDynamic: true });
}

/** Milvus numbers user fields from 100 (0 and 1 are the row id and timestamp system fields). */
export const FIRST_USER_FIELD_ID = 100;

/** A field with every flag at its default: what a schema written in code starts from. */
export function defineField(name: string, dataType: DataType, extra: Partial<FieldSchema> = {}): FieldSchema {
  return {
    fieldID: 0,
    name,
    description: '',
    dataType,
    isPrimaryKey: false,
    autoID: false,
    typeParams: [],
    indexParams: [],
    elementType: DataType.None,
    isDynamic: false,
    isPartitionKey: false,
    isClusteringKey: false,
    nullable: false,
    isFunctionOutput: false,
    ...extra,
  };
}

/** A type parameter of the field (`dim`, `max_length`, ...). */
export function typeParam(field: FieldSchema, key: string): string | undefined {
  return field.typeParams.find((p) => p.key === key)?.value;
}

/**
 * A type parameter, else the same key among the field's index params: how Milvus reads `dim`,
 * `max_length` and `max_capacity` (typeutil.NewKvPairs over index params then type params, a map
 * in which the type param, written last, wins), because older schemas and some SDKs carried them
 * with the index params.
 */
export function typeOrIndexParam(field: FieldSchema, key: string): string | undefined {
  return typeParam(field, key) ?? field.indexParams.find((p) => p.key === key)?.value;
}

export function isVectorType(t: DataType): boolean {
  return (
    t === DataType.FloatVector ||
    t === DataType.BinaryVector ||
    t === DataType.Float16Vector ||
    t === DataType.BFloat16Vector ||
    t === DataType.SparseFloatVector ||
    t === DataType.Int8Vector
  );
}

export function primaryField(schema: CollectionSchema): FieldSchema {
  const pk = schema.fields.find((f) => f.isPrimaryKey);
  if (!pk) throw new Error(`schema of ${schema.name} has no primary key`);
  return pk;
}

/** Milvus's schemapb.DataType name ("FloatVector", "Int64"...), as its messages print it. */
export function dataTypeName(t: DataType): string {
  return DataType[t] ?? String(t);
}
