// The error catalogue: every error the engine raises, each with its Milvus code, the legacy
// `error_code` that older clients read, and the exact text Milvus sends. Layers below the
// transports raise these; transports only map them (to a gRPC Status, a REST envelope, or a thrown
// MilvusException). Texts are part of the contract (clients show them, test suites compare them),
// so each one is spelled out here once and nowhere else.

/** Legacy `common.ErrorCode` names, the enum the Node SDK reads. */
export type LegacyErrorCode =
  | 'Success'
  | 'UnexpectedError'
  | 'CollectionNotExists'
  | 'IllegalArgument'
  | 'IndexNotExist'
  | 'SchemaMismatch';

/** Milvus's numeric codes (pkg/util/merr) used by Elanus. */
export const Code = {
  Success: 0,
  CollectionNotFound: 100,
  CollectionNotLoaded: 101,
  SchemaMismatch: 109,
  PartitionNotFound: 200,
  IndexNotFound: 700,
  DatabaseNotFound: 800,
  DatabaseNumLimitExceeded: 801,
  DatabaseInvalidName: 802,
  ServiceUnimplemented: 10,
  ParameterInvalid: 1100,
  ParameterMissing: 1101,
  AliasNotFound: 1600,
  AliasCollectionNameConflict: 1601,
  AliasAlreadyExist: 1602,
  FieldNotFound: 1700,
  FieldNameInvalid: 1701,
  CollectionNumLimitExceeded: 102,
  CollectionIllegalSchema: 105,
  VectorClusteringKeyNotAllowed: 107,
  Unexpected: 65535,
} as const;

/** The legacy error_code Milvus derives from a code (merr's oldCode): only a few codes have one. */
export function legacyErrorCode(code: number): LegacyErrorCode {
  switch (code) {
    case Code.Success:
      return 'Success';
    case Code.CollectionNotFound:
      return 'CollectionNotExists';
    case Code.ParameterInvalid:
      return 'IllegalArgument';
    case Code.IndexNotFound:
      return 'IndexNotExist';
    case Code.SchemaMismatch:
      return 'SchemaMismatch';
    default:
      return 'UnexpectedError';
  }
}

export class MilvusError extends Error {
  readonly code: number;
  /** True when the caller's input caused it (sets `extra_info.is_input_error`). */
  readonly inputError: boolean;

  constructor(code: number, message: string, inputError = true) {
    super(message);
    this.name = 'MilvusError';
    this.code = code;
    this.inputError = inputError;
  }

  get errorCode(): LegacyErrorCode {
    return legacyErrorCode(this.code);
  }
}

export function isMilvusError(e: unknown): e is MilvusError {
  return e instanceof MilvusError;
}

// ---- parameters -------------------------------------------------------------------------------

/** merr.WrapErrParameterInvalidMsg: the text followed by ": invalid parameter". */
export function invalidParameter(message: string): MilvusError {
  return new MilvusError(Code.ParameterInvalid, `${message}: invalid parameter`);
}

/** A 1100 whose text Milvus sends as is, without the ": invalid parameter" suffix. */
export function invalidParameterRaw(message: string): MilvusError {
  return new MilvusError(Code.ParameterInvalid, message);
}

/** merr.WrapErrParameterMissing. */
export function missingParameter(param: string, message: string): MilvusError {
  return new MilvusError(Code.ParameterMissing, `${message}: missing parameter[missing_param=${param}]`);
}

/** merr.WrapErrFieldNameInvalid. */
export function fieldNameInvalid(field: string, message: string): MilvusError {
  return new MilvusError(Code.FieldNameInvalid, `${message}: field name invalid[field=${field}]`);
}

// ---- databases --------------------------------------------------------------------------------

export function databaseNotFound(db: string): MilvusError {
  return new MilvusError(Code.DatabaseNotFound, `database not found[database=${db}]`);
}

export function databaseAlreadyExists(db: string): MilvusError {
  return new MilvusError(Code.Unexpected, `database already exist: ${db}`);
}

export function databaseNumLimitExceeded(limit: number): MilvusError {
  return new MilvusError(
    Code.DatabaseNumLimitExceeded,
    `exceeded the limit number of database[limit=${limit}]`,
  );
}

/** merr.WrapErrDatabaseNameInvalid. */
export function databaseNameInvalid(db: string, message: string): MilvusError {
  return new MilvusError(Code.DatabaseInvalidName, `${message}: invalid database name[database=${db}]`);
}

export const alterDatabaseErrors = {
  emptyName: () => invalidParameter('alter database failed, database name does not exists'),
  nothingToChange: () =>
    invalidParameter('alter database with empty properties and delete keys, expected to set either properties or delete keys'),
  both: () => invalidParameter('alter database cannot modify properties and delete keys at the same time'),
  missing: (db: string) =>
    new MilvusError(Code.DatabaseNotFound, `failed to get database by name: database not found[database=${db}]`),
};

export function databaseNotEmpty(db: string): MilvusError {
  return new MilvusError(Code.Unexpected, `database:${db} not empty, must drop all collections before drop database`);
}

export function cannotDropDefaultDatabase(): MilvusError {
  return new MilvusError(Code.Unexpected, 'can not drop default database');
}

// ---- collections ------------------------------------------------------------------------------

/** `collection not found[database=<db>][collection=<c>]`, or without the database part. */
export function collectionNotFound(collection: string, db?: string): MilvusError {
  const dbPart = db === undefined ? '' : `[database=${db}]`;
  return new MilvusError(Code.CollectionNotFound, `collection not found${dbPart}[collection=${collection}]`);
}

/** What DescribeCollection (and so has_collection in most SDKs) answers for a missing name. */
export function cannotFindCollection(db: string, collection: string): MilvusError {
  return new MilvusError(Code.CollectionNotFound, `can't find collection[database=${db}][collection=${collection}]`);
}

export function collectionNameConflictsWithAlias(name: string): MilvusError {
  return new MilvusError(
    Code.Unexpected,
    `collection name [${name}] conflicts with an existing alias, please choose a unique name`,
  );
}

export function duplicateCollectionDifferentParams(name: string): MilvusError {
  return new MilvusError(Code.Unexpected, `create duplicate collection with different parameters, collection: ${name}`);
}

export function cannotDropCollectionViaAlias(alias: string): MilvusError {
  return new MilvusError(Code.Unexpected, `cannot drop the collection via alias = ${alias}`);
}

export function collectionHasAliases(collection: string, aliases: readonly string[]): MilvusError {
  return new MilvusError(
    Code.Unexpected,
    `unable to drop the collection [${collection}] because it has associated aliases [${aliases.join(' ')}], please remove all aliases before dropping the collection`,
  );
}

export function collectionNumLimitExceeded(db: string, limit: number): MilvusError {
  return new MilvusError(Code.CollectionNumLimitExceeded, `exceeded the limit number of collections[dbName=${db}][limit=${limit}]`);
}

export const alterCollectionErrors = {
  both: () => invalidParameter('cannot provide both DeleteKeys and ExtraParams'),
  nothingToChange: () => invalidParameter('no properties or delete keys provided'),
};

/** ShowCollections(InMemory) naming a collection that is not loaded. */
export function collectionNotLoadedPlain(collection: string): MilvusError {
  return new MilvusError(Code.Unexpected, `collection not loaded[collection=${collection}]`);
}

// ---- rename -----------------------------------------------------------------------------------

export const renameErrors = {
  newNameEmpty: () => invalidParameterRaw('new collection name should not be empty'),
  oldNameEmpty: () => invalidParameterRaw('old collection name should not be empty'),
  sameName: () => invalidParameterRaw('collection name or database name should be different'),
  targetDatabaseMissing: (db: string) =>
    new MilvusError(Code.DatabaseNotFound, `target database ${db} not found: database not found[database=${db}]`),
  sameDatabaseMissing: (db: string) => new MilvusError(Code.Unexpected, `target database:${db} not found`),
  oldIsAlias: (old: string) => new MilvusError(Code.Unexpected, `unsupported use an alias to rename collection, alias:${old}`),
  newIsAlias: (name: string) => new MilvusError(Code.Unexpected, `cannot rename collection to an existing alias: ${name}`),
  newTaken: (db: string, name: string) =>
    new MilvusError(Code.Unexpected, `duplicated new collection name ${db}:${name} with other collection name or alias`),
  movingWithAliases: () =>
    new MilvusError(Code.Unexpected, 'fail to rename db name, must drop all aliases of this collection before rename'),
};

// ---- aliases ----------------------------------------------------------------------------------

export function aliasNotFound(db: string, alias: string): MilvusError {
  return new MilvusError(Code.AliasNotFound, `alias not found[database=${db}][alias=${alias}]`);
}

export function aliasCollectionNameConflict(db: string, alias: string): MilvusError {
  return new MilvusError(
    Code.AliasCollectionNameConflict,
    `alias and collection name conflict[database=${db}][alias=${alias}]`,
  );
}

export function aliasAlreadyExists(db: string, alias: string, otherCollection: string): MilvusError {
  return new MilvusError(
    Code.AliasAlreadyExist,
    `${alias} is alias to another collection: ${otherCollection}: alias already exist[database=${db}][alias=${alias}]`,
  );
}

// ---- the service itself -----------------------------------------------------------------------

/** A MilvusService method Elanus does not serve yet: a clear error, never a silent success. */
export function methodUnimplemented(method: string): MilvusError {
  return new MilvusError(
    Code.ServiceUnimplemented,
    `${method} is not implemented by Elanus yet: service unimplemented`,
    false,
  );
}

/** An unexpected failure inside Elanus: the message names what failed, the cause is logged. */
export function internalError(message: string): MilvusError {
  return new MilvusError(Code.Unexpected, message, false);
}

// ---- properties shared by databases and collections ----------------------------------------------

export const propertyErrors = {
  invalidTimezone: (tz: string) => invalidParameter(`unknown or invalid IANA Time Zone ID: ${tz}`),
  ttlNotInteger: () => invalidParameter('collection TTL is not a valid positive integer'),
  ttlOutOfRange: (value: string) => invalidParameter(`collection TTL is out of range, expect [-1, 3155760000], got ${value}`),
};

// ---- collection schemas (Milvus proxy's createCollectionTask checks) ----------------------------

/** A plain error in Milvus (fmt.Errorf): code 65535 with the text as is. */
function plain(message: string): MilvusError {
  return new MilvusError(Code.Unexpected, message);
}

/** merr.WrapErrCollectionIllegalSchema. */
function illegalSchema(collection: string, message: string): MilvusError {
  return new MilvusError(Code.CollectionIllegalSchema, `${message}: illegal collection schema[collection=${collection}]`);
}

/** merr.WrapErrParameterInvalid(expected, actual, msg). */
function invalidParameterExpected(message: string, expected: string, actual: string): MilvusError {
  const head = message === '' ? 'invalid parameter' : `${message}: invalid parameter`;
  return new MilvusError(Code.ParameterInvalid, `${head}[expected=${expected}][actual=${actual}]`);
}

/** Milvus 2.6's texts for a refused schema, proxy checks first, then rootcoord's. */
export const schemaErrors = {
  notDecodable: (detail: string) => plain(detail),
  tooManyShards: (max: number) => plain(`maximum shards's number should be limited to ${max}`),
  tooManyFields: (max: number) => plain(`maximum field's number should be limited to ${max}`),
  tooManyVectorFields: (max: number) => plain(`maximum vector field's number should be limited to ${max}`),
  noVectorField: () => invalidParameter('schema does not contain vector field'),
  morePrimaryKeys: (a: string, b: string) => plain(`there are more than one primary key, field name = ${a}, ${b}`),
  primaryKeyType: () => plain('the data type of primary key should be Int64 or VarChar'),
  noPrimaryKey: () => plain('primary key is not specified'),
  explicitDynamicField: () => plain('cannot explicitly set a field as a dynamic field'),
  moreAutoIds: (a: string, b: string) => plain(`only one field can speficy AutoID with true, field name = ${a}, ${b}`),
  autoIdNotPrimary: (name: string) => plain(`only primary field can speficy AutoID with true, field name = ${name}`),
  stringType: () => plain('string data type not supported yet, please use VarChar type instead'),
  noneType: () => plain('data type None is not valid'),
  noneElementType: () => plain('element data type None is not valid'),
  unsupportedElementType: (type: string) => plain(`element type ${type} is not supported`),
  morePartitionKeys: (a: string, b: string) => plain(`there are more than one partition key, field name = ${a}, ${b}`),
  partitionKeyIsPrimary: () => plain('the partition key field must not be primary field'),
  partitionKeyNullable: () => invalidParameter('partition key field not support nullable'),
  partitionKeyType: () => plain('the data type of partition key should be Int64 or VarChar'),
  partitionsNegative: () => plain('the specified partitions should be greater than 0 if partition key is used'),
  partitionsTooMany: (n: number, max: number) => invalidParameter(`partition number (${n}) exceeds max configuration (${max})`),
  partitionsWithoutKey: () => plain('num_partitions should only be specified with partition key field enabled'),
  clusteringKeyType: (collection: string, field: string, type: string) =>
    illegalSchema(collection, `clustering key field ${field} has unsupported data type ${type}`),
  vectorClusteringKey: (collection: string) =>
    new MilvusError(Code.VectorClusteringKeyNotAllowed, `vector clustering key not allowed[collection=${collection}]`),
  moreClusteringKeys: (collection: string, a: string, b: string) =>
    illegalSchema(collection, `there are more than one clustering key, field name = ${a}, ${b}`),
  sparseWithDim: (name: string) => plain(`dim should not be specified for sparse vector field ${name}(0)`),
  missingDim: (name: string) =>
    plain(`dimension is not defined in field type params of field ${name}, check type param \`dim\` for vector field`),
  notAnInteger: (value: string) => plain(`strconv.ParseInt: parsing "${value}": invalid syntax`),
  dimTooSmall: (dim: string, max: number) => plain(`invalid dimension: ${dim}. should be in range 2 ~ ${max}`),
  dimTooLarge: (dim: string, name: string, kind: 'binary' | 'float', max: number) =>
    plain(`invalid dimension: ${dim} of field ${name}. ${kind} vector dimension should be in range 2 ~ ${max}`),
  binaryDimNotMultipleOf8: (dim: string, name: string) =>
    plain(`invalid dimension: ${dim} of field ${name}. binary vector dimension should be multiple of 8. `),
  missingMaxLength: (field: string, collection: string) =>
    plain(`type param(max_length) should be specified for the field(${field}) of collection ${collection}`),
  maxLengthOutOfRange: (field: string, value: string, max: number) =>
    invalidParameter(`the maximum length specified for the field(${field}) should be in (0, ${max}], but got ${value} instead`),
  missingMaxCapacity: (field: string, collection: string) =>
    plain(`type param(max_capacity) should be specified for array field ${field} of collection ${collection}`),
  maxCapacityNotInteger: (field: string) => plain(`the value for max_capacity of field ${field} must be an integer`),
  maxCapacityOutOfRange: (max: number) => plain(`the maximum capacity specified for a Array should be in (0, ${max}]`),
  duplicatedField: (name: string) => plain(`duplicated field name ${name} found`),
  isolationWithoutPartitionKey: (collection: string) =>
    illegalSchema(
      collection,
      'partition key isolation mode is enabled but no partition key field is set. Please set the partition key first',
    ),
  invalidGeometryDefault: () => invalidParameter('invalid default value for geometry field'),
  // rootcoord's checks, after the database lookup
  nameMismatch: (collection: string, schemaName: string) =>
    invalidParameterExpected(
      `collection name = ${collection}, schema.Name=${schemaName}`,
      'collection name matches schema name',
      "don't match",
    ),
  primaryKeyNullable: (type: string, name: string) => invalidParameter(`primary field not support null, type:${type}, name:${name}`),
  defaultValueOnPrimary: (type: string, name: string) =>
    invalidParameter(`primary field not support default_value, type:${type}, name:${name}`),
  defaultValueUnsupported: (type: string, name: string) =>
    invalidParameter(`type not support default_value, type:${type}, name:${name}`),
  defaultValueTypeMismatch: (type: string, field: string, got: string) =>
    invalidParameter(`type (${type}) of field (${field}) is not equal to the type(${got}) of default_value`),
  defaultValueOutOfRange: (value: number, min: number, max: number) =>
    new MilvusError(
      Code.ParameterInvalid,
      `default value out of range: invalid parameter[${value} out of range ${min} <= value <= ${max}]`,
    ),
  defaultValueTooLong: (length: number, max: number) =>
    invalidParameterExpected(
      `the length (${length}) of string exceeds max length (${max})`,
      'valid length string',
      'string length exceeds max length',
    ),
  duplicatedTypeParam: (key: string) => invalidParameter(`duplicated type param key "${key}"`),
  duplicatedIndexParam: (key: string) => invalidParameter(`duplicated index param key "${key}"`),
  systemFieldName: () =>
    invalidParameterExpected(
      'schema contains system field: RowID, Timestamp, $meta, $namespace_id',
      "schema don't contains system field",
      'contains',
    ),
  unknownDataType: (type: string) =>
    invalidParameterExpected('', 'Invalid field', `field data type: ${type} is not supported`),
};
