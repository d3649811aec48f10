// Validation of a collection schema at create time, in the order Milvus's proxy checks it
// (createCollectionTask.PreExecute), and its normalisation: field ids from 100 in the order
// given, schema-level autoID taken from the primary key, num_partitions defaulted.
import { schemaErrors as E } from '../errors.js';
import { checkCollectionName, checkFieldName } from './names.js';
import {
  DataType,
  FIRST_USER_FIELD_ID,
  dataTypeName,
  isVectorType,
  typeParam,
  type CollectionSchema,
  type FieldSchema,
} from './schema.js';

/** Milvus proxy defaults. */
export const LIMITS = {
  maxShards: 16,
  maxFields: 64,
  maxVectorFields: 4,
  maxDimension: 32768,
  maxVarCharLength: 65535,
  maxArrayCapacity: 4096,
  maxPartitions: 1024,
  defaultPartitionsWithKey: 16,
} as const;

const SCALAR_TYPES = new Set<DataType>([
  DataType.Bool,
  DataType.Int8,
  DataType.Int16,
  DataType.Int32,
  DataType.Int64,
  DataType.Float,
  DataType.Double,
  DataType.VarChar,
  DataType.String,
  DataType.Array,
  DataType.JSON,
  DataType.Geometry,
  DataType.Text,
  DataType.Timestamptz,
]);

const ARRAY_ELEMENT_TYPES = new Set<DataType>([
  DataType.Bool,
  DataType.Int8,
  DataType.Int16,
  DataType.Int32,
  DataType.Int64,
  DataType.Float,
  DataType.Double,
  DataType.VarChar,
]);

export interface ValidatedSchema {
  schema: CollectionSchema;
  numPartitions: number;
}

export function validateCollectionSchema(
  collectionName: string,
  input: CollectionSchema,
  shardsNum: number,
  numPartitionsIn: number,
): ValidatedSchema {
  checkCollectionName(collectionName);
  // pymilvus and the SDKs send the collection's name as the schema's; an empty one is filled in.
  if (input.name !== '' && input.name !== collectionName) throw E.nameMismatch(collectionName, input.name);
  const fields = input.fields;
  if (shardsNum > LIMITS.maxShards) throw E.tooManyShards(LIMITS.maxShards);
  if (fields.length > LIMITS.maxFields) throw E.tooManyFields(LIMITS.maxFields);
  const vectorCount = fields.filter((f) => isVectorType(f.dataType)).length;
  if (vectorCount > LIMITS.maxVectorFields) throw E.tooManyVectorFields(LIMITS.maxVectorFields);
  if (vectorCount === 0) throw E.noVectorField();

  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.name)) throw E.duplicatedField(f.name);
    seen.add(f.name);
  }

  checkPrimaryKey(fields);
  if (fields.some((f) => f.isDynamic)) throw E.explicitDynamicField();
  for (const f of fields) if (f.autoID && !f.isPrimaryKey) throw E.autoIdNotPrimary(f.name);
  for (const f of fields) checkFieldType(f);
  const numPartitions = checkPartitionKey(fields, numPartitionsIn);
  if (fields.filter((f) => f.isClusteringKey).length > 1) throw E.moreClusteringKeys();

  for (const f of fields) {
    checkFieldName(f.name);
    if (isVectorType(f.dataType)) checkDimension(f);
    if (f.dataType === DataType.VarChar || (f.dataType === DataType.Array && f.elementType === DataType.VarChar)) {
      checkMaxLength(collectionName, f);
    }
    if (f.dataType === DataType.Array) checkMaxCapacity(collectionName, f);
    checkNullableAndDefault(f);
  }

  const normalisedFields: FieldSchema[] = fields.map((f, i) => ({
    ...f,
    fieldID: FIRST_USER_FIELD_ID + i,
    autoID: f.isPrimaryKey ? f.autoID : false,
    elementType: f.dataType === DataType.Array ? f.elementType : DataType.None,
  }));
  const pk = normalisedFields.find((f) => f.isPrimaryKey)!;
  return {
    schema: {
      ...input,
      name: collectionName,
      autoID: pk.autoID,
      fields: normalisedFields,
    },
    numPartitions,
  };
}

function checkPrimaryKey(fields: readonly FieldSchema[]): void {
  let pk: FieldSchema | undefined;
  for (const f of fields) {
    if (!f.isPrimaryKey) continue;
    if (pk) throw E.morePrimaryKeys(pk.name, f.name);
    if (f.dataType !== DataType.Int64 && f.dataType !== DataType.VarChar) throw E.primaryKeyType();
    pk = f;
  }
  if (!pk) throw E.noPrimaryKey();
}

function checkFieldType(f: FieldSchema): void {
  if (!SCALAR_TYPES.has(f.dataType) && !isVectorType(f.dataType)) throw E.unsupportedType(dataTypeName(f.dataType));
  if (f.dataType === DataType.Array && !ARRAY_ELEMENT_TYPES.has(f.elementType)) {
    throw E.unsupportedElementType(dataTypeName(f.elementType));
  }
}

function checkPartitionKey(fields: readonly FieldSchema[], numPartitions: number): number {
  let key: FieldSchema | undefined;
  for (const f of fields) {
    if (!f.isPartitionKey) continue;
    if (key) throw E.morePartitionKeys(key.name, f.name);
    if (f.isPrimaryKey) throw E.partitionKeyIsPrimary();
    if (f.nullable) throw E.partitionKeyNullable();
    if (f.dataType !== DataType.Int64 && f.dataType !== DataType.VarChar) throw E.partitionKeyType();
    if (numPartitions < 0) throw E.partitionsNegative();
    if (numPartitions > LIMITS.maxPartitions) throw E.partitionsTooMany(numPartitions, LIMITS.maxPartitions);
    key = f;
  }
  if (!key) {
    if (numPartitions !== 0) throw E.partitionsWithoutKey();
    return 0;
  }
  return numPartitions === 0 ? LIMITS.defaultPartitionsWithKey : numPartitions;
}

/** Go's strconv.ParseInt accepts an optional sign and decimal digits only. */
function parseGoInt(value: string): number | undefined {
  return /^[+-]?\d+$/.test(value) ? Number(value) : undefined;
}

function checkDimension(f: FieldSchema): void {
  const raw = typeParam(f, 'dim');
  if (f.dataType === DataType.SparseFloatVector) {
    if (raw !== undefined) throw E.sparseWithDim(f.name, f.fieldID);
    return;
  }
  if (raw === undefined) throw E.missingDim(f.name);
  const dim = parseGoInt(raw);
  if (dim === undefined) throw E.dimNotInteger(raw);
  const kind = f.dataType === DataType.BinaryVector ? 'binary vector' : 'float vector';
  const max = f.dataType === DataType.BinaryVector ? LIMITS.maxDimension * 8 : LIMITS.maxDimension;
  if (dim < 2 || dim > max) throw E.dimOutOfRange(raw, f.name, kind, max);
  if (f.dataType === DataType.BinaryVector && dim % 8 !== 0) throw E.binaryDimNotMultipleOf8(raw, f.name);
}

function checkMaxLength(collection: string, f: FieldSchema): void {
  const raw = typeParam(f, 'max_length');
  if (raw === undefined) throw E.missingMaxLength(f.name, collection);
  const n = parseGoInt(raw);
  if (n === undefined) throw E.maxLengthNotInteger(raw);
  if (n <= 0 || n > LIMITS.maxVarCharLength) throw E.maxLengthOutOfRange(f.name, String(n), LIMITS.maxVarCharLength);
}

function checkMaxCapacity(collection: string, f: FieldSchema): void {
  const raw = typeParam(f, 'max_capacity');
  if (raw === undefined) throw E.missingMaxCapacity(f.name, collection);
  const n = parseGoInt(raw);
  if (n === undefined) throw E.maxCapacityNotInteger(f.name);
  if (n <= 0 || n > LIMITS.maxArrayCapacity) throw E.maxCapacityOutOfRange(LIMITS.maxArrayCapacity);
}

const INT_RANGES: Partial<Record<DataType, [number, number]>> = {
  [DataType.Int8]: [-128, 127],
  [DataType.Int16]: [-32768, 32767],
  [DataType.Int32]: [-2147483648, 2147483647],
};

/** Which ValueField member carries a default for each type. */
const DEFAULT_KIND: Partial<Record<DataType, string>> = {
  [DataType.Bool]: 'bool',
  [DataType.Int8]: 'int',
  [DataType.Int16]: 'int',
  [DataType.Int32]: 'int',
  [DataType.Int64]: 'long',
  [DataType.Float]: 'float',
  [DataType.Double]: 'double',
  [DataType.VarChar]: 'string',
  [DataType.String]: 'string',
  [DataType.Text]: 'string',
  [DataType.Timestamptz]: 'long',
  [DataType.Geometry]: 'string',
};

function checkNullableAndDefault(f: FieldSchema): void {
  if (f.nullable && f.isPrimaryKey) throw E.primaryKeyNullable();
  if (f.nullable && isVectorType(f.dataType)) throw E.vectorNullable(dataTypeName(f.dataType));
  const dv = f.defaultValue;
  if (!dv) return;
  if (f.isPrimaryKey) throw E.defaultValueOnPrimary();
  const expected = DEFAULT_KIND[f.dataType];
  if (!expected) throw E.defaultValueUnsupported(dataTypeName(f.dataType));
  if (dv.kind !== expected) throw E.defaultValueTypeMismatch(f.name, dataTypeName(f.dataType), dv.kind);
  const range = INT_RANGES[f.dataType];
  if (range && dv.kind === 'int' && (dv.value < range[0] || dv.value > range[1])) {
    throw E.defaultValueOutOfRange(f.name, dataTypeName(f.dataType));
  }
  if (f.dataType === DataType.VarChar && dv.kind === 'string') {
    const max = Number(typeParam(f, 'max_length'));
    if (Buffer.byteLength(dv.value, 'utf8') > max) throw E.defaultValueTooLong(f.name, max);
  }
}
