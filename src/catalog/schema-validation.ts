// Validation of a collection schema at create time, in Milvus 2.6's order. Milvus checks in two
// places: the proxy (shape of the schema, no catalog needed: checkSchemaShape) and then, after
// the database lookup and the collection-count limit, the root coordinator (checkSchemaFields).
// The first failing check decides the code and text, so the order here is part of the contract.
import { schemaErrors as E } from '../errors.js';
import { checkCollectionName, checkFieldName } from './names.js';
import {
  DataType,
  FIRST_USER_FIELD_ID,
  dataTypeName,
  isVectorType,
  typeParam,
  type CollectionSchema,
  type DefaultValue,
  type FieldSchema,
  type KeyValue,
} from './schema.js';
import { PARTITION_KEY_ISOLATION, checkTimezoneProperty, checkTtlProperty, propertyValue } from './properties.js';
import { parseGoBool } from './go-values.js';

/** Milvus 2.6 defaults (proxy.*, rootCoord.*). */
export const LIMITS = {
  maxShards: 16,
  maxFields: 64,
  maxVectorFields: 10,
  maxDimension: 32768,
  maxBinaryDimension: 262144,
  maxVarCharLength: 65535,
  maxArrayCapacity: 4096,
  maxPartitions: 1024,
  defaultPartitionsWithKey: 16,
} as const;

/** Every DataType Milvus 2.6 knows as a field type. */
const KNOWN_TYPES = new Set<number>(Object.values(DataType).filter((v): v is number => typeof v === 'number' && v !== DataType.None));

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

const CLUSTERING_KEY_TYPES = new Set<DataType>([
  DataType.Int8,
  DataType.Int16,
  DataType.Int32,
  DataType.Int64,
  DataType.Float,
  DataType.Double,
  DataType.VarChar,
  DataType.String,
  DataType.FloatVector,
]);

/** Names of Milvus's system columns; a user field may not take them. */
const SYSTEM_FIELD_NAMES = new Set(['RowID', 'Timestamp', '$meta', '$namespace_id']);

/**
 * The proxy's checks. Returns the number of physical partitions (16 by default with a partition
 * key, 0 without). `collectionName` is the request's name; the proxy validates the schema's.
 */
export function checkSchemaShape(
  collectionName: string,
  schema: CollectionSchema,
  shardsNum: number,
  numPartitions: number,
  properties: readonly KeyValue[],
): number {
  const fields = schema.fields;
  if (shardsNum > LIMITS.maxShards) throw E.tooManyShards(LIMITS.maxShards);
  if (fields.length > LIMITS.maxFields) throw E.tooManyFields(LIMITS.maxFields);
  const vectorCount = fields.filter((f) => isVectorType(f.dataType)).length;
  if (vectorCount > LIMITS.maxVectorFields) throw E.tooManyVectorFields(LIMITS.maxVectorFields);
  if (vectorCount === 0) throw E.noVectorField();
  checkCollectionName(schema.name);
  checkPrimaryKey(fields);
  if (fields.some((f) => f.isDynamic)) throw E.explicitDynamicField();
  checkAutoId(fields);
  for (const f of fields) checkFieldType(f);
  const partitions = checkPartitionKey(fields, numPartitions);
  const isolation = propertyValue(properties, PARTITION_KEY_ISOLATION);
  if (isolation !== undefined && parseGoBool(isolation) === true && partitions === 0) {
    throw E.isolationWithoutPartitionKey(collectionName);
  }
  checkTimezoneProperty(properties);
  checkTtlProperty(properties);
  checkClusteringKey(collectionName, fields);
  for (const f of fields) {
    checkFieldName(f.name);
    if (isVectorType(f.dataType)) checkDimension(f);
    if (f.dataType === DataType.VarChar || (f.dataType === DataType.Array && f.elementType === DataType.VarChar)) {
      checkMaxLength(schema.name, f);
    }
    if (f.dataType === DataType.Array) checkMaxCapacity(schema.name, f);
  }
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.name)) throw E.duplicatedField(f.name);
    seen.add(f.name);
  }
  return partitions;
}

/** The root coordinator's checks; returns the schema as stored (field ids from 100). */
export function checkSchemaFields(collectionName: string, schema: CollectionSchema): CollectionSchema {
  if (schema.name !== collectionName) throw E.nameMismatch(collectionName, schema.name);
  for (const f of schema.fields) checkFieldSchema(f);
  if (schema.fields.some((f) => SYSTEM_FIELD_NAMES.has(f.name))) throw E.systemFieldName();
  for (const f of schema.fields) {
    if (!KNOWN_TYPES.has(f.dataType)) throw E.unknownDataType(dataTypeName(f.dataType));
  }
  const fields: FieldSchema[] = schema.fields.map((f, i) => ({
    ...f,
    fieldID: FIRST_USER_FIELD_ID + i,
    elementType: f.dataType === DataType.Array ? f.elementType : DataType.None,
    // Only schema functions mark their output fields; a client cannot.
    isFunctionOutput: false,
  }));
  // The collection-level autoID is always false in Milvus; the primary key's flag is what counts.
  return { ...schema, autoID: false, fields };
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

function checkAutoId(fields: readonly FieldSchema[]): void {
  let auto: FieldSchema | undefined;
  for (const f of fields) {
    if (!f.autoID) continue;
    if (auto) throw E.moreAutoIds(auto.name, f.name);
    if (!f.isPrimaryKey) throw E.autoIdNotPrimary(f.name);
    auto = f;
  }
}

function checkFieldType(f: FieldSchema): void {
  if (f.dataType === DataType.String) throw E.stringType();
  if (f.dataType === DataType.None) throw E.noneType();
  if (f.dataType !== DataType.Array) return;
  if (f.elementType === DataType.None) throw E.noneElementType();
  if (f.elementType === DataType.String) throw E.stringType();
  if (!ARRAY_ELEMENT_TYPES.has(f.elementType)) throw E.unsupportedElementType(dataTypeName(f.elementType));
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

function checkClusteringKey(collectionName: string, fields: readonly FieldSchema[]): void {
  let key: FieldSchema | undefined;
  for (const f of fields) {
    if (!f.isClusteringKey) continue;
    if (!CLUSTERING_KEY_TYPES.has(f.dataType)) throw E.clusteringKeyType(collectionName, f.name, dataTypeName(f.dataType));
    if (isVectorType(f.dataType)) throw E.vectorClusteringKey(collectionName);
    if (key) throw E.moreClusteringKeys(collectionName, key.name, f.name);
    key = f;
  }
}

/** Go's strconv.ParseInt accepts an optional sign and decimal digits only. */
function parseGoInt(value: string): number | undefined {
  return /^[+-]?\d+$/.test(value) ? Number(value) : undefined;
}

function checkDimension(f: FieldSchema): void {
  const raw = typeParam(f, 'dim');
  const dim = raw === undefined ? undefined : parseGoInt(raw);
  if (raw !== undefined && dim === undefined) throw E.notAnInteger(raw);
  if (f.dataType === DataType.SparseFloatVector) {
    if (raw !== undefined) throw E.sparseWithDim(f.name);
    return;
  }
  if (raw === undefined || dim === undefined) throw E.missingDim(f.name);
  if (dim <= 1) throw E.dimTooSmall(raw, LIMITS.maxDimension);
  if (f.dataType === DataType.BinaryVector) {
    if (dim % 8 !== 0) throw E.binaryDimNotMultipleOf8(raw, f.name);
    if (dim > LIMITS.maxBinaryDimension) throw E.dimTooLarge(raw, f.name, 'binary', LIMITS.maxBinaryDimension);
  } else if (dim > LIMITS.maxDimension) {
    throw E.dimTooLarge(raw, f.name, 'float', LIMITS.maxDimension);
  }
}

function checkMaxLength(collection: string, f: FieldSchema): void {
  const raw = typeParam(f, 'max_length');
  if (raw === undefined) throw E.missingMaxLength(f.name, collection);
  const n = parseGoInt(raw);
  if (n === undefined) throw E.notAnInteger(raw);
  if (n <= 0 || n > LIMITS.maxVarCharLength) throw E.maxLengthOutOfRange(f.name, String(n), LIMITS.maxVarCharLength);
}

function checkMaxCapacity(collection: string, f: FieldSchema): void {
  const raw = typeParam(f, 'max_capacity');
  if (raw === undefined) throw E.missingMaxCapacity(f.name, collection);
  const n = parseGoInt(raw);
  if (n === undefined) throw E.maxCapacityNotInteger(f.name);
  if (n <= 0 || n > LIMITS.maxArrayCapacity) throw E.maxCapacityOutOfRange(LIMITS.maxArrayCapacity);
}

/** For each kind of default value: the field types it fits and the name Milvus's text uses. */
const DEFAULT_VALUE_FITS: Record<DefaultValue['kind'], { types: DataType[]; name: string }> = {
  bool: { types: [DataType.Bool], name: 'DataType_Bool' },
  int: { types: [DataType.Int8, DataType.Int16, DataType.Int32], name: 'DataType_Int' },
  long: { types: [DataType.Int64], name: 'DataType_Int64' },
  float: { types: [DataType.Float], name: 'DataType_Float' },
  double: { types: [DataType.Double], name: 'DataType_Double' },
  timestamptz: { types: [DataType.Timestamptz], name: 'DataType_Timestamptz' },
  string: { types: [DataType.VarChar, DataType.Timestamptz], name: 'DataType_VarChar' },
  // "SJON" is Milvus's spelling.
  bytes: { types: [DataType.JSON], name: 'DataType_SJON' },
};

const INT_DEFAULT_RANGES: Partial<Record<DataType, [number, number]>> = {
  [DataType.Int8]: [-128, 127],
  [DataType.Int16]: [-32768, 32767],
};

/** rootcoord's checkFieldSchema: nullability and default values, then parameter keys. */
function checkFieldSchema(f: FieldSchema): void {
  const type = dataTypeName(f.dataType);
  if (f.nullable && f.isPrimaryKey) throw E.primaryKeyNullable(type, f.name);
  const dv = f.defaultValue;
  if (dv) {
    if (f.isPrimaryKey) throw E.defaultValueOnPrimary(type, f.name);
    if (f.dataType === DataType.Array || isVectorType(f.dataType) || f.dataType === DataType.JSON) {
      throw E.defaultValueUnsupported(type, f.name);
    }
    if (f.dataType === DataType.Geometry) {
      if (dv.kind !== 'string' || !isWkt(dv.value)) throw E.invalidGeometryDefault();
    } else {
      const fit = DEFAULT_VALUE_FITS[dv.kind];
      if (!fit.types.includes(f.dataType)) throw E.defaultValueTypeMismatch(type, f.name, fit.name);
    }
    const range = INT_DEFAULT_RANGES[f.dataType];
    if (range && dv.kind === 'int' && (dv.value < range[0] || dv.value > range[1])) {
      throw E.defaultValueOutOfRange(dv.value, range[0], range[1]);
    }
    if (f.dataType === DataType.VarChar && dv.kind === 'string') {
      const max = Number(typeParam(f, 'max_length'));
      const length = Buffer.byteLength(dv.value, 'utf8');
      if (length > max) throw E.defaultValueTooLong(length, max);
    }
  }
  const typeKeys = new Set<string>();
  for (const p of f.typeParams) {
    if (typeKeys.has(p.key)) throw E.duplicatedTypeParam(p.key);
    typeKeys.add(p.key);
  }
  const indexKeys = new Set<string>();
  for (const p of f.indexParams) {
    if (indexKeys.has(p.key)) throw E.duplicatedIndexParam(p.key);
    indexKeys.add(p.key);
  }
}

/** Well-known text of a geometry: a type keyword, then a parenthesised body or EMPTY. */
function isWkt(text: string): boolean {
  return /^\s*(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION)(\s+(Z|M|ZM))?\s*(\(.*\)|EMPTY)\s*$/is.test(
    text,
  );
}
