// The error catalogue: every error the engine raises, each with its Milvus code, the legacy
// `error_code` that older clients read, and the exact text Milvus sends. Layers below the
// transports raise these; transports only map them (to a gRPC Status, a REST envelope, or a thrown
// MilvusException). Texts are part of the contract (clients show them, test suites compare them),
// so each one is spelled out here once and nowhere else.

/** Legacy `common.ErrorCode` names, the enum the Node SDK reads. */
export type LegacyErrorCode =
  'Success' | 'UnexpectedError' | 'CollectionNotExists' | 'IllegalArgument' | 'IndexNotExist' | 'MetaFailed' | 'SchemaMismatch';

/** Milvus's numeric codes (pkg/util/merr) used by Elanus. */
export const Code = {
  Success: 0,
  CollectionNotFound: 100,
  CollectionNotLoaded: 101,
  SchemaMismatch: 109,
  PartitionNotFound: 200,
  IndexNotFound: 700,
  IndexDuplicate: 702,
  CollectionLoaded: 104,
  PartitionNotLoaded: 201,
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
    case Code.PartitionNotFound:
      return 'MetaFailed';
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
function invalidParameter(message: string): MilvusError {
  return new MilvusError(Code.ParameterInvalid, `${message}: invalid parameter`);
}

/** A 1100 whose text Milvus sends as is, without the ": invalid parameter" suffix. */
function invalidParameterRaw(message: string): MilvusError {
  return new MilvusError(Code.ParameterInvalid, message);
}

/** A plain Go error (fmt.Errorf, errors.New): code 65535 with the text as is. */
function goError(message: string): MilvusError {
  return new MilvusError(Code.Unexpected, message);
}

/** merr.WrapErrParameterInvalid(expected, actual, msg): `<msg>: invalid parameter[expected=..][actual=..]`. */
function invalidParameterExpected(message: string, expected: string | number, actual: string | number): MilvusError {
  const head = message === '' ? 'invalid parameter' : `${message}: invalid parameter`;
  return new MilvusError(Code.ParameterInvalid, `${head}[expected=${expected}][actual=${actual}]`);
}

/** merr.WrapErrParameterMissing. */
function missingParameter(param: string, message: string): MilvusError {
  return new MilvusError(Code.ParameterMissing, `${message}: missing parameter[missing_param=${param}]`);
}

/** merr.WrapErrFieldNameInvalid. */
function fieldNameInvalid(field: string, message: string): MilvusError {
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
  return new MilvusError(Code.DatabaseNumLimitExceeded, `exceeded the limit number of database[limit=${limit}]`);
}

/** merr.WrapErrDatabaseNameInvalid. */
function databaseNameInvalid(db: string, message: string): MilvusError {
  return new MilvusError(Code.DatabaseInvalidName, `${message}: invalid database name[database=${db}]`);
}

export const alterDatabaseErrors = {
  emptyName: () => invalidParameter('alter database failed, database name does not exists'),
  nothingToChange: () =>
    invalidParameter('alter database with empty properties and delete keys, expected to set either properties or delete keys'),
  both: () => invalidParameter('alter database cannot modify properties and delete keys at the same time'),
  missing: (db: string) => new MilvusError(Code.DatabaseNotFound, `failed to get database by name: database not found[database=${db}]`),
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
  return new MilvusError(Code.Unexpected, `collection name [${name}] conflicts with an existing alias, please choose a unique name`);
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

/** merr.WrapErrCollectionNotLoaded: a read of a released collection, or ShowCollections(InMemory) naming one. */
export function collectionNotLoaded(collection: string): MilvusError {
  return new MilvusError(Code.CollectionNotLoaded, `collection not loaded[collection=${collection}]`);
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
  movingWithAliases: () => new MilvusError(Code.Unexpected, 'fail to rename db name, must drop all aliases of this collection before rename'),
};

// ---- aliases ----------------------------------------------------------------------------------

export function aliasNotFound(db: string, alias: string): MilvusError {
  return new MilvusError(Code.AliasNotFound, `alias not found[database=${db}][alias=${alias}]`);
}

export function aliasCollectionNameConflict(db: string, alias: string): MilvusError {
  return new MilvusError(Code.AliasCollectionNameConflict, `alias and collection name conflict[database=${db}][alias=${alias}]`);
}

export function aliasAlreadyExists(db: string, alias: string, otherCollection: string): MilvusError {
  return new MilvusError(
    Code.AliasAlreadyExist,
    `${alias} is alias to another collection: ${otherCollection}: alias already exist[database=${db}][alias=${alias}]`,
  );
}

/** Elanus's alias extras (atomic switch, history, rollback): Milvus has no text for these. */
export const aliasExtraErrors = {
  noActions: () => invalidParameter('switch aliases needs at least one action'),
  unknownAction: (action: string) => invalidParameter(`unknown alias action: ${action}`),
  /** The wire form: the action's position and what was sent. */
  unknownWireAction: (position: number, action: string) =>
    invalidParameter(`action ${position}: unknown alias action "${action}", expected create, alter or drop`),
  /** One action of a switch failed: its own error, prefixed with which action it was. */
  actionFailed: (action: string, cause: MilvusError) => new MilvusError(cause.code, `${action} failed: ${cause.message}`, cause.inputError),
  noHistoryVersion: (alias: string, version: number) => new MilvusError(Code.AliasNotFound, `alias ${alias} has no history version ${version}`),
  noHistory: (db: string, alias: string) =>
    new MilvusError(Code.AliasNotFound, `alias ${alias} has no history to roll back: alias not found[database=${db}][alias=${alias}]`),
  rollbackTargetGone: (alias: string, collectionId: number) =>
    new MilvusError(Code.CollectionNotFound, `cannot roll back alias ${alias}: its earlier collection (id ${collectionId}) no longer exists`),
};

// ---- names (Milvus proxy validate_util.go: validateCollectionNameOrAlias, validateFieldName) -----

/** Collection names and aliases: `entity` is "name" or "alias"; `prefix` is "Invalid collection <entity>: <value>.". */
export const collectionNameErrors = {
  empty: (entity: string) => invalidParameter(`collection ${entity} should not be empty`),
  tooLong: (prefix: string, entity: string, max: number) =>
    invalidParameter(`${prefix} the length of a collection ${entity} must be less than ${max} characters`),
  firstChar: (prefix: string, entity: string) =>
    invalidParameter(`${prefix} the first character of a collection ${entity} must be an underscore or letter`),
  laterChar: (prefix: string, entity: string) =>
    invalidParameter(`${prefix} collection ${entity} can only contain numbers, letters and underscores`),
};

/** Field names (code 1701); `prefix` is "Invalid field name: <name>. ". */
export const fieldNameErrors = {
  empty: (name: string) => fieldNameInvalid(name, 'field name should not be empty'),
  tooLong: (name: string, prefix: string, max: number) =>
    fieldNameInvalid(name, `${prefix}The length of a field name must be less than ${max} characters.`),
  firstChar: (name: string, prefix: string) =>
    fieldNameInvalid(name, `${prefix}The first character of a field name must be an underscore or letter.`),
  laterChar: (name: string, prefix: string) => fieldNameInvalid(name, `${prefix}Field name can only contain numbers, letters, and underscores.`),
  keyword: (name: string, prefix: string) => fieldNameInvalid(name, `${prefix}${name} is keyword in milvus.`),
};

/** Database names (code 802, ValidateDatabaseName). */
export const databaseNameErrors = {
  empty: (name: string) => databaseNameInvalid(name, "database name couldn't be empty"),
  tooLong: (name: string, max: number) => databaseNameInvalid(name, `the length of a database name must be less than ${max} characters`),
  firstChar: (name: string) => databaseNameInvalid(name, 'the first character of a database name must be an underscore or letter'),
  laterChar: (name: string) => databaseNameInvalid(name, 'database name can only contain numbers, letters and underscores'),
};

/** describe_alias with an empty alias (unreachable after the name rules, kept in Milvus's order). */
export function aliasMissing(): MilvusError {
  return missingParameter('alias', 'no input alias');
}

/** A write made with a cached schema older than the collection's (clients refresh on 109). */
export function schemaMismatch(collection: string): MilvusError {
  return new MilvusError(Code.SchemaMismatch, `collection schema mismatch[collection=${collection}]`);
}

/** LoadCollection with a vector field that has no index (Go prints the names as `[a b]`). */
export function vectorIndexMissing(fields: readonly string[]): MilvusError {
  return invalidParameter(`there is no vector index on field: [${fields.join(' ')}], please create index firstly`);
}

// ---- the service itself -----------------------------------------------------------------------

/** A MilvusService method Elanus does not serve yet: a clear error, never a silent success. */
export function methodUnimplemented(method: string): MilvusError {
  return new MilvusError(Code.ServiceUnimplemented, `${method} is not implemented by Elanus yet: service unimplemented`, false);
}

/**
 * A request option Elanus does not serve yet (search by primary keys, function rerankers, ...):
 * refused plainly, never answered as if it had been applied.
 */
export function notSupportedYet(feature: string): MilvusError {
  return new MilvusError(Code.ServiceUnimplemented, `${feature} is not supported by Elanus yet: service unimplemented`, false);
}

/** `ignore_growing` of search_params / rank_params / query_params that Go's ParseBool refuses (isIgnoreGrowing). */
/** An unexpected failure inside Elanus: names the method and what failed (the cause is logged). */
export function internalError(method: string, detail: string): MilvusError {
  return new MilvusError(Code.Unexpected, `${method} failed inside Elanus: ${detail}`, false);
}

// ---- properties shared by databases and collections ----------------------------------------------

export const propertyErrors = {
  invalidTimezone: (tz: string) => invalidParameter(`unknown or invalid IANA Time Zone ID: ${tz}`),
  ttlNotInteger: () => invalidParameter('collection TTL is not a valid positive integer'),
  ttlOutOfRange: (value: string) => invalidParameter(`collection TTL is out of range, expect [-1, 3155760000], got ${value}`),
};

// ---- collection schemas (Milvus proxy's createCollectionTask checks) ----------------------------

/** merr.WrapErrCollectionIllegalSchema. */
function illegalSchema(collection: string, message: string): MilvusError {
  return new MilvusError(Code.CollectionIllegalSchema, `${message}: illegal collection schema[collection=${collection}]`);
}

/** Milvus 2.6's texts for a refused schema, proxy checks first, then rootcoord's. */
export const schemaErrors = {
  notDecodable: (detail: string) => goError(detail),
  tooManyShards: (max: number) => goError(`maximum shards's number should be limited to ${max}`),
  tooManyFields: (max: number) => goError(`maximum field's number should be limited to ${max}`),
  tooManyVectorFields: (max: number) => goError(`maximum vector field's number should be limited to ${max}`),
  noVectorField: () => invalidParameter('schema does not contain vector field'),
  morePrimaryKeys: (a: string, b: string) => goError(`there are more than one primary key, field name = ${a}, ${b}`),
  primaryKeyType: () => goError('the data type of primary key should be Int64 or VarChar'),
  noPrimaryKey: () => goError('primary key is not specified'),
  explicitDynamicField: () => goError('cannot explicitly set a field as a dynamic field'),
  moreAutoIds: (a: string, b: string) => goError(`only one field can speficy AutoID with true, field name = ${a}, ${b}`),
  autoIdNotPrimary: (name: string) => goError(`only primary field can speficy AutoID with true, field name = ${name}`),
  stringType: () => goError('string data type not supported yet, please use VarChar type instead'),
  noneType: () => goError('data type None is not valid'),
  noneElementType: () => goError('element data type None is not valid'),
  unsupportedElementType: (type: string) => goError(`element type ${type} is not supported`),
  morePartitionKeys: (a: string, b: string) => goError(`there are more than one partition key, field name = ${a}, ${b}`),
  partitionKeyIsPrimary: () => goError('the partition key field must not be primary field'),
  partitionKeyNullable: () => invalidParameter('partition key field not support nullable'),
  partitionKeyType: () => goError('the data type of partition key should be Int64 or VarChar'),
  partitionsNegative: () => goError('the specified partitions should be greater than 0 if partition key is used'),
  partitionsTooMany: (n: number, max: number) => invalidParameter(`partition number (${n}) exceeds max configuration (${max})`),
  partitionsWithoutKey: () => goError('num_partitions should only be specified with partition key field enabled'),
  clusteringKeyType: (collection: string, field: string, type: string) =>
    illegalSchema(collection, `clustering key field ${field} has unsupported data type ${type}`),
  vectorClusteringKey: (collection: string) =>
    new MilvusError(Code.VectorClusteringKeyNotAllowed, `vector clustering key not allowed[collection=${collection}]`),
  moreClusteringKeys: (collection: string, a: string, b: string) =>
    illegalSchema(collection, `there are more than one clustering key, field name = ${a}, ${b}`),
  sparseWithDim: (name: string) => goError(`dim should not be specified for sparse vector field ${name}(0)`),
  missingDim: (name: string) =>
    goError(`dimension is not defined in field type params of field ${name}, check type param \`dim\` for vector field`),
  notAnInteger: (value: string) => goError(`strconv.ParseInt: parsing "${value}": invalid syntax`),
  dimTooSmall: (dim: string, max: number) => goError(`invalid dimension: ${dim}. should be in range 2 ~ ${max}`),
  dimTooLarge: (dim: string, name: string, kind: 'binary' | 'float', max: number) =>
    goError(`invalid dimension: ${dim} of field ${name}. ${kind} vector dimension should be in range 2 ~ ${max}`),
  binaryDimNotMultipleOf8: (dim: string, name: string) =>
    goError(`invalid dimension: ${dim} of field ${name}. binary vector dimension should be multiple of 8. `),
  missingMaxLength: (field: string, collection: string) =>
    goError(`type param(max_length) should be specified for the field(${field}) of collection ${collection}`),
  maxLengthOutOfRange: (field: string, value: string, max: number) =>
    invalidParameter(`the maximum length specified for the field(${field}) should be in (0, ${max}], but got ${value} instead`),
  missingMaxCapacity: (field: string, collection: string) =>
    goError(`type param(max_capacity) should be specified for array field ${field} of collection ${collection}`),
  maxCapacityNotInteger: (field: string) => goError(`the value for max_capacity of field ${field} must be an integer`),
  maxCapacityOutOfRange: (max: number) => goError(`the maximum capacity specified for a Array should be in (0, ${max}]`),
  duplicatedField: (name: string) => goError(`duplicated field name ${name} found`),
  isolationWithoutPartitionKey: (collection: string) =>
    illegalSchema(collection, 'partition key isolation mode is enabled but no partition key field is set. Please set the partition key first'),
  invalidGeometryDefault: () => invalidParameter('invalid default value for geometry field'),
  // rootcoord's checks, after the database lookup
  nameMismatch: (collection: string, schemaName: string) =>
    invalidParameterExpected(`collection name = ${collection}, schema.Name=${schemaName}`, 'collection name matches schema name', "don't match"),
  primaryKeyNullable: (type: string, name: string) => invalidParameter(`primary field not support null, type:${type}, name:${name}`),
  defaultValueOnPrimary: (type: string, name: string) => invalidParameter(`primary field not support default_value, type:${type}, name:${name}`),
  defaultValueUnsupported: (type: string, name: string) => invalidParameter(`type not support default_value, type:${type}, name:${name}`),
  defaultValueTypeMismatch: (type: string, field: string, got: string) =>
    invalidParameter(`type (${type}) of field (${field}) is not equal to the type(${got}) of default_value`),
  defaultValueOutOfRange: (value: number, min: number, max: number) =>
    new MilvusError(Code.ParameterInvalid, `default value out of range: invalid parameter[${value} out of range ${min} <= value <= ${max}]`),
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
  unknownDataType: (type: string) => invalidParameterExpected('', 'Invalid field', `field data type: ${type} is not supported`),
};

// ---- indexes (Milvus 2.6 proxy createIndexTask / datacoord index_service, knowhere config checks) --

/** merr.WrapErrParameterInvalid("valid index params", "invalid index params", msg): a failed parameter check. */
function invalidIndexParams(message: string): MilvusError {
  return invalidParameterExpected(message, 'valid index params', 'invalid index params');
}

export const indexErrors = {
  /** DescribeIndex without an index name on a collection that has no index. */
  noneOnCollection: (collection: string) => new MilvusError(Code.IndexNotFound, `index not found[collection=${collection}]`),
  /** Any lookup by index name (also the empty name) that finds nothing. */
  notFound: (indexName: string) => new MilvusError(Code.IndexNotFound, `index not found[indexName=${indexName}]`),
  /** The name (or the empty name) matches several indexes where one is needed. */
  duplicate: (indexName: string) => new MilvusError(Code.IndexDuplicate, `index duplicates[indexName=${indexName}]`),
  nonExistField: (field: string) => goError(`cannot create index on non-exist field: ${field}`),
  duplicatedParam: (key: string, value: string) => invalidParameter(`duplicated index param (key=${key}) (value=${value}) found`),
  paramsNotJson: (detail: string) => goError(`unmarshal params failed, ${detail}`),
  invalidIndexType: (indexType: string) => invalidParameterExpected('', 'valid index', `invalid index type: ${indexType}`),
  invalidMmap: (detail: string) => invalidParameter(`invalid mmap type params: ${detail}`),
  invalidMmapIndexParams: (detail: string) => invalidParameter(`invalid mmap index params: ${detail}`),
  invalidMmapUserIndexParams: (detail: string) => invalidParameter(`invalid mmap user index params: ${detail}`),
  /** Not Milvus's text (its expression parser's message): the path of a JSON index does not parse. */
  jsonPathInvalid: (path: string) => goError(`cannot parse json path of index: ${path}`),
  jsonPathFieldMismatch: () => goError('fieldID not match with field name'),
  onlyMetricWithAutoIndex: () => goError('only metric type can be passed when use AutoIndex'),
  metricNotSet: () => invalidIndexParams('metric type not set for vector index'),
  floatMetric: (metric: string) => invalidIndexParams(`float vector index does not support metric type: ${metric}`),
  binaryMetric: (metric: string) => invalidIndexParams(`binary vector index does not support metric type: ${metric}`),
  intMetric: (metric: string) => invalidIndexParams(`int vector index does not support metric type: ${metric}`),
  sparseMetric: () => invalidIndexParams('only IP&BM25 is the supported metric type for sparse index'),
  bm25NotFunctionOutput: () => invalidIndexParams('only BM25 Function output field support BM25 metric type'),
  bm25FunctionMetric: (metric: string) => goError(`index metric type of BM25 function output field must be BM25, got ${metric}`),
  /** A check of checkTrain (index type vs data type, knowhere's parameter ranges...), wrapped the Milvus way. */
  train: (message: string) => invalidIndexParams(message),
  autoIndexUnsupportedType: (type: string) =>
    invalidParameterExpected('', 'supported field', `create auto index on type:${type} is not supported`),
  // index names (validateIndexName): plain errors
  nameTooLong: (name: string, max: number) =>
    goError(`Invalid index name: ${name}. The length of a index name must be less than ${max} characters.`),
  nameFirstChar: (name: string) => goError(`Invalid index name: ${name}. The first character of a index name must be an underscore or letter.`),
  nameLaterChar: (name: string) => goError(`Invalid index name: ${name}. Index name can only contain numbers, letters, and underscores.`),
  // datacoord's CanCreateIndex
  distinctPerField: () => goError('CreateIndex failed: at most one distinct index is allowed per field'),
  multipleOnField: () => goError('CreateIndex failed: creating multiple indexes on same field is not supported'),
  // drop and alter
  dropVectorWhileLoaded: (collectionId: number) => invalidParameter(`vector index cannot be dropped on loaded collection: ${collectionId}`),
  alterWhileLoaded: (collection: string) =>
    new MilvusError(
      Code.CollectionLoaded,
      `can't alter index on loaded collection, please release the collection first: collection already loaded[collection=${collection}]`,
    ),
  alterBoth: () => invalidParameter('cannot provide both DeleteKeys and ExtraParams'),
  alterNotConfigurable: (key: string) => invalidParameter(`${key} is not a configable index property`),
  alterEmptyName: () => invalidParameter('index name is empty'),
};

// ---- partitions (Milvus 2.6 proxy validatePartitionTag, create/dropPartitionTask, rootcoord) -----

export const partitionErrors = {
  nameEmpty: (name: string) => goError(`Invalid partition name: ${name}. Partition name should not be empty.`),
  nameTooLong: (name: string, max: number) =>
    goError(`Invalid partition name: ${name}. The length of a partition name must be less than ${max} characters.`),
  nameFirstChar: (name: string) =>
    goError(`Invalid partition name: ${name}. The first character of a partition name must be an underscore or letter.`),
  nameLaterChar: (name: string) => goError(`Invalid partition name: ${name}. Partition name can only contain numbers, letters and underscores.`),
  createWithPartitionKey: () => goError('disable create partition if partition key mode is used'),
  dropWithPartitionKey: () => goError('disable drop partition if partition key mode is used'),
  /** An insert, delete or read naming a partition of a partition-key collection. */
  namedWithPartitionKey: () => goError('not support manually specifying the partition names if partition key mode is used'),
  tooMany: (count: number, max: number, collection: string) =>
    goError(`partition number (${count}) exceeds max configuration (${max}), collection: ${collection}`),
  dropLoaded: () => goError('partition cannot be dropped, partition is loaded, please release it first'),
  dropDefault: () => goError('default partition cannot be deleted'),
  notFound: (partition: string) => new MilvusError(Code.PartitionNotFound, `partition not found[partition=${partition}]`),
  notLoaded: (partitionId: number) => new MilvusError(Code.PartitionNotLoaded, `partition not loaded[partition=${partitionId}]`),
};

// ---- row data (Milvus proxy's insert/upsert checks: util.go, validate_util.go, funcutil, typeutil) ----

/** merr.ErrIoFailed (code 1001) wrapped with a reason: `IO failed: <reason>`. */
function ioFailed(reason: string): MilvusError {
  return new MilvusError(1001, `IO failed: ${reason}`);
}

/** Go's `%f` for the values VerifyFloat refuses. */
function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return v.toFixed(6);
}

/** Milvus 2.6's texts for refused insert/upsert data, in the order the proxy checks them. */
export const rowDataErrors = {
  // upsertTask.PreExecute
  upsertPkMissingForDuplicates: (pk: string) => invalidParameter(`must assign pk when checking duplicates, primary field: ${pk}`),
  upsertPkNotScalar: () => invalidParameter('primary field must be scalar type'),
  upsertPkUnsupportedType: () => invalidParameter('unsupported primary key type'),
  duplicatePrimaryKeys: () => invalidParameter('duplicate primary keys are not allowed in the same batch'),
  // checkPrimaryFieldData / checkFieldsDataBySchema
  numRowsNotPositive: (n: number) => invalidParameterExpected('num_rows should be greater than 0', 'invalid num_rows', String(n)),
  duplicatedField: (name: string) => invalidParameter(`duplicated field ${name} found`),
  missingField: (name: string) => invalidParameter(`fieldSchema(${name}) has no corresponding fieldData pass in`),
  moreFieldData: (expected: number, actual: number) => invalidParameterExpected('more fieldData has pass in', String(expected), String(actual)),
  autoIdPkGiven: (pk: string) =>
    invalidParameter(`can not assign primary field data when auto id enabled and allow_insert_auto_id is false ${pk}`),
  upsertPkMissing: (pk: string) => invalidParameter(`must assign pk when upsert, primary field: ${pk}`),
  pkIsVector: () => invalidParameter('currently not support vector field as PrimaryField'),
  pkType: () => invalidParameter('currently only support DataType Int64 or VarChar as PrimaryField'),
  // checkAndFlattenStructFieldData, fillFieldPropertiesOnly (fmt.Errorf: code 65535)
  fieldNotInSchema: (name: string, wireType: string, fieldId: number) =>
    goError(`fieldName ${name} not exist in collection schema, fieldType ${wireType}, fieldId ${fieldId}`),
  notArrayData: (field: string, collection: string) =>
    goError(`field convert FieldData_Scalars fail in fieldData, fieldName: ${field}, collectionName: ${collection}`),
  // checkDynamicFieldData
  dynamicNotJsonObject: (goJsonError: string) => ioFailed(goJsonError),
  dynamicMetaKey: () => goError('cannot set json key to: $meta'),
  dynamicStaticKey: (name: string) => goError(`dynamic field name cannot include the static field name: ${name}`),
  /** Not a proxy check (Milvus does not parse JSON fields there): Elanus refuses invalid JSON the way it refuses a bad `$meta`. */
  jsonInvalid: (goJsonError: string) => ioFailed(goJsonError),
  // validateUtil per-field checks
  arrayTypeMismatch: (message: string, expected: string) => invalidParameterExpected(message, expected, 'got nil'),
  textMismatch: (field: string) =>
    new MilvusError(Code.ParameterInvalid, `invalid parameter[expected=need text array][actual=text field '${field}' is illegal]`),
  notANumber: (v: number) => goError(`value '${goFloat(v)}' is not a number or infinity`),
  float16Odd: () => goError('The length of float16 is not aligned to 2.'),
  float16NaN: () => goError('float16 vector contain nan or infinity value.'),
  bfloat16Odd: () => goError('The length of bfloat16 in not aligned to 2'),
  bfloat16NaN: () => goError('bfloat16 vector contain nan or infinity value.'),
  sparseLength: (n: number) => goError(`invalid data length in sparse float vector: ${n}`),
  sparseMaxIndex: () => goError('invalid index in sparse float vector: must be less than 2^32-1'),
  sparseUnsorted: () => goError('unsorted or same indices in sparse float vector'),
  sparseNegative: () => goError('negative value in sparse float vector'),
  maxLengthNotFound: () => invalidParameterExpected('max length not found', 'max length key in type parameters', 'not found'),
  maxLengthInvalid: (v: string) => invalidParameterExpected(`invalid max length: ${v}`, 'value of max length should be of int', v),
  maxCapacityNotFound: () => invalidParameterExpected('max capacity not found', 'max capacity key in type parameters', 'not found'),
  maxCapacityInvalid: (v: string) => invalidParameterExpected(`invalid max capacity: ${v}`, 'value of max length should be of int', v),
  varcharTooLong: (field: string, row: number, length: number, max: number) =>
    invalidParameter(`length of varchar field ${field} exceeds max length, row number: ${row}, length: ${length}, max length: ${max}`),
  textTooLong: (field: string, row: number, length: number, max: number) =>
    invalidParameter(`length of text field ${field} exceeds max length, row number: ${row}, length: ${length}, max length: ${max}`),
  jsonTooLong: (length: number, field: string, max: number) =>
    invalidParameterExpected(
      `the length (${length}) of json field (${field}) exceeds max length (${max})`,
      'valid length json string',
      'length exceeds max length',
    ),
  dynamicTooLong: (length: number, max: number) =>
    invalidParameterExpected(
      `the length (${length}) of dynamic field exceeds max length (${max})`,
      'valid length dynamic field',
      'length exceeds max length',
    ),
  intOutOfRange: (index: number, value: number, lb: number, ub: number) =>
    invalidParameterExpected(`the ${index}th element (${value}) out of range: [${lb}, ${ub}]`, "integer doesn't overflow", 'out of range'),
  arrayCapacity: (length: number, row: number, max: number) =>
    invalidParameterExpected(
      `the length (${length}) of ${row}th array exceeds max capacity (${max})`,
      'valid length array',
      'array length exceeds max capacity',
    ),
  arrayElementMismatch: (expected: string, actual: string) => invalidParameterExpected('insert data does not match', expected, actual),
  arrayVarcharTooLong: (field: string, row: number, index: number, length: number, max: number) =>
    invalidParameter(
      `length of Array array field "${field}" exceeds max length, row number: ${row}, array index: ${index}, length: ${length}, max length: ${max}`,
    ),
  timestamptzNotStrings: () => invalidParameter('timestamptz field data must be a string array'),
  timestamptzInvalid: (value: string) =>
    invalidParameter(
      `got invalid timestamptz string '${value}': invalid timezone name; must be a valid IANA Time Zone ID (e.g., 'Asia/Shanghai' or 'UTC')`,
    ),
  // fillWithValue
  validDataLength: (field: string, expected: number, actual: number) =>
    invalidParameterExpected(`the length of valid_data of field(${field}) is wrong`, String(expected), String(actual)),
  fieldLengthWrong: (expected: number, actual: number) =>
    invalidParameterExpected('the length of field is wrong', String(expected), String(actual)),
  vectorDefault: () => invalidParameter('vector type not support default value'),
  arrayDefault: () => invalidParameterExpected('array type not support default value', 'not set default value', ''),
  undefinedDataType: (typeName: string) => invalidParameter(`undefined data type:${typeName}`),
  /** Not Milvus's (it keeps only the values sent): Elanus's cap on the zeros it writes for nulls and left-out fields. */
  placeholdersTooLarge: (rows: number, bytes: number, max: number) =>
    invalidParameter(
      `the ${rows} rows of this insert need ${bytes} bytes of placeholders for null or left-out fields, more than the ${max} Elanus allows in one request: send fewer rows per request`,
    ),
  // checkAligned and funcutil.GetNumRowsOf*VectorField
  numRowsMismatch: (field: string, fieldRows: number, numRows: number) =>
    invalidParameterExpected(
      `the num_rows (${fieldRows}) of field (${field}) is not equal to passed num_rows (${numRows})`,
      String(numRows),
      String(fieldRows),
    ),
  dimMismatch: (field: string, dataDim: number, schemaDim: number) =>
    invalidParameterExpected(
      `the dim (${dataDim}) of field data(${field}) is not equal to schema dim (${schemaDim})`,
      String(schemaDim),
      String(dataDim),
    ),
  dimNotPositive: (dim: number) => goError(`dim(${dim}) should be greater than 0`),
  binaryDimNotMultipleOf8: (dim: number) => goError(`dim(${dim}) should divide 8`),
  floatVectorLength: (length: number, dim: number) => goError(`the length(${length}) of float data should divide the dim(${dim})`),
  binaryVectorLength: (bits: number, dim: number) => goError(`the num(${bits}) of all bits should divide the dim(${dim})`),
  float16VectorLength: (length: number, width: number) => goError(`the length(${length}) of float16 data should divide the row width(${width})`),
  bfloat16VectorLength: (length: number, width: number) => goError(`the length(${length}) of bfloat data should divide the row width(${width})`),
  int8VectorLength: (length: number, dim: number) => goError(`the length(${length}) of int8 data should divide the dim(${dim})`),
  /** Wire data Elanus cannot even read into a column (no Milvus text: Milvus reads protobuf into Go slices first). */
  malformedFieldData: (field: string, detail: string) => invalidParameter(`malformed field data of field ${field}: ${detail}`),
};

// ---- reads: search, hybrid search, search iterators, query -------------------------------------
// Milvus 2.6: proxy task_search.go / search_util.go (parseSearchInfo, parseGroupByInfo,
// parseSearchIteratorV2Info, parseRankParams), task_query.go (parseQueryParams), the rerank
// functions (internal/util/function/rerank), knowhere's search-parameter checks and segcore's
// group-by operator. Limits are passed in so that this file imports nothing.

/**
 * A float32 as C++'s fmt prints it with `{}`: the shortest digits that read back as the same
 * float, in fixed notation for exponents from -5 to 15 and exponent notation (`1e+20`) beyond.
 */
function fmtFloat32(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  let digits = '';
  for (let p = 1; p <= 9; p++) {
    digits = v.toExponential(p - 1);
    if (Math.fround(Number(digits)) === v) break;
  }
  const [mantissa, expText] = digits.split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(Number(digits));
}

/** Go's strconv.Quote, as %q and strconv's errors print a text. */
function goQuote(text: string): string {
  const named: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
  let out = '"';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (c === '"' || c === '\\') out += '\\' + c;
    else if (named[c]) out += named[c];
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += c;
  }
  return out + '"';
}

export const searchErrors = {
  /** checkNq / validateNQLimit: the query vectors of one search (or sub-search), a plain error. */
  nqOutOfRange: (nq: number, max: number) =>
    goError(`nq [${nq}] is invalid, nq (number of search vector per search request) should be in range [1, ${max}], but got ${nq}`),
  /** getNq: proto.Unmarshal of the PlaceholderGroup failed (Go's protobuf text). */
  placeholderGroupInvalid: () => goError('proto: cannot parse invalid wire-format data'),
  /** isIgnoreGrowing: not Go's ParseBool. */
  ignoreGrowingInvalid: () => invalidParameter('parse ignore growing field failed'),
  // parseSearchInfo, in its order: topk, offset, offset+topk (validateLimit's text)
  topkRequired: () => goError('topk is required'),
  topkUnparsable: (raw: string) => goError(`topk [${raw}] is invalid`),
  topkInvalid: (topk: number, max: number) => goError(`topk [${topk}] is invalid, it should be in range [1, ${max}], but got ${topk}`),
  offsetUnparsable: (raw: string) => goError(`offset [${raw}] is invalid`),
  offsetInvalid: (offset: number, max: number) => goError(`offset [${offset}] is invalid, it should be in range [1, ${max}], but got ${offset}`),
  windowInvalid: (sum: number, max: number) => goError(`offset+topk [${sum}] is invalid, it should be in range [1, ${max}], but got ${sum}`),
  /** Not Milvus's text: Milvus's query node fails on it inside nlohmann::json::parse. */
  paramsNotJson: (raw: string) => invalidParameter(`search params is not a valid JSON: ${raw}`),
  /**
   * The query node's texts for the JSON `params` (segcore, knowhere), sent as is with code 1100:
   * `params` that is a JSON number, string, array or boolean (nlohmann's operator[] on it)...
   */
  paramsNotObject: (jsonType: string) =>
    invalidParameterRaw(`[json.exception.type_error.305] cannot use operator[] with a string argument with ${jsonType}`),
  /** ...`radius` or `range_filter` that is not a JSON number (GetValueFromConfig<float>)... */
  rangeParamNotNumber: (key: string, jsonType: string) =>
    invalidParameterRaw(
      `get value from config for key ${key} failed, error: [json.exception.type_error.302] type must be number, but is ${jsonType}`,
    ),
  /** ...and a range_filter on the wrong side of radius (CheckRangeSearchParam). */
  rangeFilterOrder: (metric: string, rangeFilter: number, radius: number, greater: boolean) =>
    invalidParameterRaw(
      `metric type (${metric}), range_filter(${fmtFloat32(rangeFilter)}) must be ${greater ? 'greater' : 'less'} than radius(${fmtFloat32(radius)})`,
    ),
  /** Round_decimal of Search's and HybridSearch's params (parseSearchInfo, parseRankParams). */
  roundDecimal: (raw: string) => goError(`round_decimal [${raw}] is invalid, should be -1 or an integer in range [0, 6]`),
  annsFieldNotFound: (name: string) => invalidParameter(`failed to get field schema by name: fieldName(${name}) not found`),
  annsFieldRequired: () => invalidParameter('multiple anns_fields exist, please specify a anns_field in search_params'),
  metricMismatch: (indexMetric: string, requested: string) =>
    invalidParameter(`metric type not match: invalid parameter[expected=${indexMetric}][actual=${requested}]`),
  metricUnsupported: (metric: string, field: string, typeName: string) =>
    invalidParameter(`metric type ${metric} is not supported for field ${field} of type ${typeName}`),
  notVectorField: (field: string) => invalidParameter(`field ${field} is not a vector field`),
  sparseQueryLength: () => invalidParameter('invalid sparse float vector: the length of the bytes must be a multiple of 8'),
  queryDimMismatch: (got: number, field: string, dim: number) =>
    invalidParameter(`the dimension of the query vector (${got}) is not equal to the dimension of the vector field ${field} (${dim})`),
  /** In-process callers only (no wire path reaches it): a query vector of the wrong kind for the field. */
  queryKindMismatch: (field: string, typeName: string) =>
    invalidParameter(`the query vectors do not fit the vector field ${field} of type ${typeName}`),
  nprobeOutOfRange: (nprobe: number, max: number) => invalidParameterRaw(`param 'nprobe' (${nprobe}) should be in range [1, ${max}]`),
  efOutOfRange: (ef: number, max: number) => invalidParameterRaw(`param 'ef' (${ef}) should be in range [1, ${max}]`),
  efBelowK: (ef: number, k: number) => invalidParameterRaw(`ef(${ef}) should be larger than k(${k})`),
  /** The collection id an iterator pinned is no longer what the name resolves to. */
  iteratorCollectionChanged: (sent: number, actual: number) =>
    invalidParameter(
      `collection id:${sent} in the request is not consistent to that in the search context,alias or database may have been changed: ${actual}`,
    ),
};

export const groupByErrors = {
  withIterator: () => invalidParameterExpected('Not allowed to do groupBy when doing iteration', '', ''),
  withRangeSearch: () => invalidParameterExpected('Not allowed to do range-search when doing search-group-by', '', ''),
  binaryVector: () => goError('not support search_group_by operation based on binary vector column'),
  fieldNotFound: (name: string) => new MilvusError(Code.FieldNotFound, `groupBy field not found in schema: field not found[field=${name}]`),
  groupSizeUnparsable: (raw: string) => invalidParameter(`failed to parse input group size:${raw}`),
  groupSizeNotPositive: (size: number) => invalidParameter(`input group size:${size} is negative, failed to do search_groupby`),
  groupSizeTooLarge: (size: number, max: number) => invalidParameter(`input group size:${size} exceeds configured max group size:${max}`),
  typeUnsupported: (typeName: string) => goError(`unsupported data type ${typeName} for group by operator`),
  scorerUnsupported: (scorer: string) => invalidParameter(`input group scorer type: ${scorer} is not supported!`),
};

const ITERATOR_V2 = 'parse iterator v2 info failed: ';

export const searchIteratorErrors = {
  v2WithoutIterator: () => goError(`${ITERATOR_V2}both iterator and search_iter_v2 must be set in the SDK`),
  offsetNotAllowed: () => invalidParameterExpected(`${ITERATOR_V2}Setting an offset is not permitted when using a search iterator v2`, '', ''),
  batchSizeMissing: () => goError(`${ITERATOR_V2}batch size is required`),
  /** strconv.ParseInt's error: `invalid syntax` or `value out of range`. */
  batchSizeSyntax: (raw: string, reason: string) =>
    goError(`${ITERATOR_V2}batch size is invalid, strconv.ParseInt: parsing ${goQuote(raw)}: ${reason}`),
  batchSizeRange: (size: number, max: number) =>
    goError(`${ITERATOR_V2}batch size is invalid, it should be in range [1, ${max}], but got ${size}`),
  lastBoundSyntax: (raw: string) =>
    goError(`${ITERATOR_V2}failed to parse input last bound, strconv.ParseFloat: parsing "${raw}": invalid syntax`),
  tokenFormat: () => invalidParameterRaw(`${ITERATOR_V2}invalid token format`),
};

export const hybridSearchErrors = {
  noSubSearches: () => invalidParameter('hybrid search needs at least one sub search request'),
  tooManySubSearches: (max: number) => goError(`maximum of ann search requests is ${max}`),
  nqMismatch: (expected: number, actual: number) => invalidParameterExpected('sub search request nq should be the same', expected, actual),
};

/** `rank_params` of a HybridSearch and its legacy rankers (rrf_function.go, weighted_function.go). */
export const rankErrors = {
  unsupportedStrategy: (strategy: string) => goError(`unsupported rank type ${strategy}`),
  paramsMissing: () => goError('params not found in rank_params'),
  paramsNotJson: (detail: string) => goError(`parse rerank params failed, err: ${detail}`),
  rrfKType: () => goError('the type of rank param k should be float'),
  rrfKRange: (bound: number) => goError(`the rank params k should be in range (0, ${bound})`),
  normScoreType: (value: string, goType: string) =>
    goError(`weighted rerank err, norm_score should been bool type, but [norm_score:${value}]'s type is ${goType}`),
  weightsMissing: () => goError('weights not found'),
  weightsType: (json: string) => goError(`parse weights param failed, weight should be []float, bug got: ${json}`),
  weightRange: () => goError('rank param weight should be in range [0, 1]'),
  weightsCount: (expected: number, actual: number) =>
    invalidParameterExpected('the length of weights param mismatch with ann search requests', expected, actual),
  integerParam: (key: string, raw: string) => goError(`${key} [${raw}] is invalid`),
  limitMissing: () => goError('limit not found in rank_params'),
  offsetNegative: (offset: number) => goError(`invalid max query result window, offset [${offset}] is invalid, should be gte than 0`),
  limitNotPositive: (limit: number) => goError(`invalid max query result window, limit [${limit}] is invalid, should be greater than 0`),
  windowTooLarge: (sum: number, max: number) =>
    goError(`invalid max query result window, (offset+limit) should be in range [1, ${max}], but got ${sum}`),
};

export const queryErrors = {
  emptyExprWithoutLimit: () => invalidParameter('empty expression should be used with limit'),
  // parseQueryParams: limit and offset (strconv.ParseInt), then validateMaxQueryResultWindow
  limitUnparsable: (raw: string) => goError(`limit [${raw}] is invalid`),
  offsetUnparsable: (raw: string) => goError(`offset [${raw}] is invalid`),
  offsetNegative: (offset: number) => goError(`invalid max query result window, offset [${offset}] is invalid, should be gte than 0`),
  limitNotPositive: (limit: number) => goError(`invalid max query result window, limit [${limit}] is invalid, should be greater than 0`),
  windowTooLarge: (sum: number, max: number) =>
    goError(`invalid max query result window, (offset+limit) should be in range [1, ${max}], but got ${sum}`),
  /** parseQueryParams: a flag that is not Go's ParseBool. */
  flagNotBool: (what: string, raw: string) => invalidParameterExpected(what, 'true or false', raw),
  collectionIdInvalid: () => invalidParameterExpected('value for collection id is invalid', 'int value for collection_id', 'collection_id'),
  iteratorCollectionChanged: () =>
    invalidParameter('Input collection id is not consistent to collectionID in the context,alias or database may have changed'),
  outputFieldNotFound: (name: string) => new MilvusError(Code.FieldNotFound, `field ${name} not exist: field not found[field=${name}]`),
};

/** A filter that does not parse or type-check: `failed to create <query|delete> plan: <detail>: invalid parameter`. */
export function planFailed(kind: 'query' | 'delete', detail: string): MilvusError {
  return invalidParameter(`failed to create ${kind} plan: ${detail}`);
}
