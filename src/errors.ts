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
  return new MilvusError(
    Code.Unexpected,
    `failed to create collection, maximum collection number reached[database=${db}][limit=${limit}]`,
  );
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

// ---- collection schemas (Milvus proxy's createCollectionTask checks) ----------------------------

/** A plain error in Milvus (fmt.Errorf): code 65535 with the text as is. */
function plain(message: string): MilvusError {
  return new MilvusError(Code.Unexpected, message);
}

export const schemaErrors = {
  notDecodable: (detail: string) => invalidParameter(`the schema could not be decoded: ${detail}`),
  nameMismatch: (collection: string, schemaName: string) =>
    invalidParameter(`collection name [${collection}] not matches schema name [${schemaName}]`),
  tooManyShards: (max: number) => plain(`maximum shards's number should be limited to ${max}`),
  tooManyFields: (max: number) => plain(`maximum field's number should be limited to ${max}`),
  tooManyVectorFields: (max: number) => plain(`maximum vector field's number should be limited to ${max}`),
  noVectorField: () => invalidParameter('schema does not contain vector field'),
  duplicatedField: (name: string) => invalidParameter(`duplicated field name ${name} found`),
  morePrimaryKeys: (a: string, b: string) => plain(`there are more than one primary key, field name = ${a}, ${b}`),
  primaryKeyType: () => plain('the data type of primary key should be Int64 or VarChar'),
  noPrimaryKey: () => plain('primary key is not specified'),
  explicitDynamicField: () => plain('cannot explicitly set a field as a dynamic field'),
  autoIdNotPrimary: (name: string) => plain(`only primary field can speficy AutoID with true, field name = ${name}`),
  unsupportedType: (type: string) =>
    invalidParameter(`field data type: ${type} is not supported`),
  unsupportedElementType: (type: string) => invalidParameter(`element type ${type} is not supported`),
  morePartitionKeys: (a: string, b: string) => plain(`there are more than one partition key, field name = ${a}, ${b}`),
  partitionKeyIsPrimary: () => plain('the partition key field must not be primary field'),
  partitionKeyNullable: () => invalidParameter('partition key field not support nullable'),
  partitionKeyType: () => plain('the data type of partition key should be Int64 or VarChar'),
  partitionsNegative: () => plain('the specified partitions should be greater than 0 if partition key is used'),
  partitionsTooMany: (n: number, max: number) =>
    invalidParameter(`partition number (${n}) exceeds max configuration (${max})`),
  partitionsWithoutKey: () => plain('num_partitions should only be specified with partition key field enabled'),
  moreClusteringKeys: () => invalidParameter('there are more than one clustering key'),
  sparseWithDim: (name: string, id: number) => plain(`dim should not be specified for sparse vector field ${name}(${id})`),
  missingDim: (name: string) =>
    plain(`dimension is not defined in field type params of field ${name}, check type param \`dim\` for vector field`),
  dimNotInteger: (value: string) => plain(`strconv.ParseInt: parsing "${value}": invalid syntax`),
  dimOutOfRange: (dim: string, name: string, kind: string, max: number) =>
    plain(`invalid dimension: ${dim} of field ${name}. ${kind} dimension should be in range 2 ~ ${max}`),
  binaryDimNotMultipleOf8: (dim: string, name: string) =>
    plain(`invalid dimension: ${dim} of field ${name}. binary vector dimension should be multiple of 8. `),
  missingMaxLength: (field: string, collection: string) =>
    plain(`type param(max_length) should be specified for the field(${field}) of collection ${collection}`),
  maxLengthNotInteger: (value: string) => plain(`strconv.ParseInt: parsing "${value}": invalid syntax`),
  maxLengthOutOfRange: (field: string, value: string, max: number) =>
    invalidParameter(`the maximum length specified for the field(${field}) should be in (0, ${max}], but got ${value} instead`),
  missingMaxCapacity: (field: string, collection: string) =>
    plain(`type param(max_capacity) should be specified for array field ${field} of collection ${collection}`),
  maxCapacityNotInteger: (field: string) => plain(`the value for max_capacity of field ${field} must be an integer`),
  maxCapacityOutOfRange: (max: number) =>
    invalidParameter(`the maximum capacity specified for a Array should be in (0, ${max}]`),
  primaryKeyNullable: () => invalidParameter('primary field not support null'),
  vectorNullable: (type: string) => invalidParameter(`vector type not support null, type:${type}, fieldName:`),
  defaultValueOnPrimary: () => invalidParameter('primary field not support default_value'),
  defaultValueUnsupported: (type: string) => invalidParameter(`${type} field not support default_value`),
  defaultValueTypeMismatch: (field: string, expected: string, got: string) =>
    invalidParameter(`type (${expected}) of field (${field}) is not equal to the type(${got}) of default_value`),
  defaultValueTooLong: (field: string, max: number) =>
    invalidParameter(`the length (over max_length ${max}) of default value of field (${field}) exceeds the max length`),
  defaultValueOutOfRange: (field: string, type: string) =>
    invalidParameter(`the default value of field (${field}) is out of range for type ${type}`),
};
