// Index parameters: what CreateIndex accepts and what it turns them into, in Milvus 2.6's order
// (proxy createIndexTask.parseIndexParams and checkTrain, then knowhere's ConfigCheck). The result
// is the pair Milvus stores: the caller's parameters as DescribeIndex echoes them, and the
// effective parameters the data plane builds with (AUTOINDEX resolved, `params` JSON flattened).
import { indexErrors } from '../errors.js';
import { parseGoBool } from './go-values.js';
import { MAX_NLIST } from './limits.js';
import { DataType, dataTypeName, isVectorType, typeOrIndexParam, type CollectionSchema, type FieldSchema, type KeyValue } from './schema.js';

export const AUTOINDEX = 'AUTOINDEX';
export const INDEX_TYPE_KEY = 'index_type';
export const METRIC_TYPE_KEY = 'metric_type';
export const PARAMS_KEY = 'params';
export const MMAP_KEY = 'mmap.enabled';
export const JSON_PATH_KEY = 'json_path';
export const JSON_CAST_TYPE_KEY = 'json_cast_type';
export const JSON_CAST_FUNCTION_KEY = 'json_cast_function';
/** Keys AlterIndex may set or delete, and that CreateIndex's idempotency check ignores (indexparams.IsConfigableIndexParam). */
export const CONFIGURABLE_KEYS: ReadonlySet<string> = new Set([MMAP_KEY, 'indexoffsetcache.enabled', 'warmup']);

const FLOAT_METRICS = ['L2', 'IP', 'COSINE'];
const SPARSE_METRICS = ['IP', 'BM25'];
const BINARY_METRICS = ['HAMMING', 'JACCARD', 'SUBSTRUCTURE', 'SUPERSTRUCTURE', 'MHJACCARD'];
const INT_METRICS = ['L2', 'IP', 'COSINE'];

const DENSE_FLOAT_TYPES = new Set([DataType.FloatVector, DataType.Float16Vector, DataType.BFloat16Vector]);
const INTEGER_TYPES = new Set([DataType.Int8, DataType.Int16, DataType.Int32, DataType.Int64]);
const FLOATING_TYPES = new Set([DataType.Float, DataType.Double]);
const STRING_TYPES = new Set([DataType.VarChar, DataType.String, DataType.Text]);

// ---- the vector index types a CPU Milvus 2.6 offers, and the data types each builds on -------------

const DENSE = [DataType.FloatVector, DataType.Float16Vector, DataType.BFloat16Vector];
/** index type -> vector data types it can index (knowhere's feature flags, CPU build). */
const VECTOR_INDEXES: ReadonlyMap<string, readonly DataType[]> = new Map<string, readonly DataType[]>([
  ['FLAT', DENSE],
  ['IVF_FLAT', DENSE],
  ['IVF_SQ8', DENSE],
  ['IVF_PQ', DENSE],
  ['IVF_RABITQ', DENSE],
  ['HNSW', [...DENSE, DataType.Int8Vector]],
  ['HNSW_SQ', DENSE],
  ['HNSW_PQ', DENSE],
  ['HNSW_PRQ', DENSE],
  ['DISKANN', DENSE],
  ['SCANN', DENSE],
  ['BIN_FLAT', [DataType.BinaryVector]],
  ['BIN_IVF_FLAT', [DataType.BinaryVector]],
  ['MINHASH_LSH', [DataType.BinaryVector]],
  ['SPARSE_INVERTED_INDEX', [DataType.SparseFloatVector]],
  ['SPARSE_WAND', [DataType.SparseFloatVector]],
]);
/** Vector index types that can be memory-mapped (DISKANN lives on disk already). */
const VECTOR_MMAP = new Set([...VECTOR_INDEXES.keys()].filter((t) => t !== 'DISKANN'));

/** Scalar index types registered by indexparamcheck (HYBRID is internal: refused when asked for). */
const SCALAR_INDEXES = new Set(['INVERTED', 'STL_SORT', 'Asceneding', 'TRIE', 'Trie', 'marisa-trie', 'BITMAP', 'HYBRID']);
const SCALAR_MMAP = new Set(['INVERTED', 'BITMAP', 'HYBRID', 'Trie']);

const JSON_CAST_TYPES = ['BOOL', 'DOUBLE', 'VARCHAR', 'ARRAY_BOOL', 'ARRAY_DOUBLE', 'ARRAY_VARCHAR', 'JSON'];

function knownIndexType(type: string): boolean {
  return type === AUTOINDEX || VECTOR_INDEXES.has(type) || SCALAR_INDEXES.has(type);
}

// ---- what AUTOINDEX becomes (Milvus's autoIndex.params.*.build; see docs/storage.md) ---------------

/**
 * Dense float vectors: Milvus 2.6 builds HNSW_SQ with refinement; Elanus builds plain HNSW with the
 * parameters Milvus used before (and still uses for int8 vectors). The caller sees AUTOINDEX either way.
 */
const AUTO_DENSE = { index_type: 'HNSW', M: '18', efConstruction: '240', metric_type: 'COSINE' };
const AUTO_INT8 = { index_type: 'HNSW', M: '18', efConstruction: '240', metric_type: 'COSINE' };
const AUTO_BINARY = { index_type: 'BIN_IVF_FLAT', nlist: '1024', metric_type: 'HAMMING' };
const AUTO_DEDUPLICATE = { index_type: 'MINHASH_LSH', metric_type: 'MHJACCARD' };
const AUTO_SPARSE = { index_type: 'SPARSE_INVERTED_INDEX', metric_type: 'IP' };

/** scalarAutoIndex.params.build: the index type an automatic scalar index gets. */
function autoScalarIndexType(type: DataType): string | undefined {
  if (type === DataType.Bool) return 'BITMAP';
  if (INTEGER_TYPES.has(type)) return 'HYBRID';
  if (FLOATING_TYPES.has(type)) return 'HYBRID';
  if (type === DataType.Timestamptz) return 'STL_SORT';
  if (STRING_TYPES.has(type)) return 'HYBRID';
  return undefined;
}

// ---- Go's formatting of JSON values (funcutil.JSONToMap uses fmt's %v) -----------------------------

/** fmt.Sprintf("%v", x) for a value decoded by encoding/json (numbers are float64). */
export function goValueString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return '<nil>';
  if (typeof value === 'number') return goFloat(value);
  return JSON.stringify(value);
}

/** strconv.FormatFloat(x, 'g', -1, 64) as %v prints it: exponent form below 1e-4 and from 1e6 on. */
function goFloat(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  const [mantissa, expText] = Math.abs(x).toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
  }
  return `${sign}${String(Math.abs(x))}`;
}

// ---- knowhere's parameter checks (Config::FormatAndCheck, then Config::Load for TRAIN) -------------

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

interface IntParam {
  key: string;
  min: number;
  max: number;
  /** No default: the parameter must be given. */
  required?: boolean;
}

const HNSW_PARAMS: IntParam[] = [
  { key: 'M', min: 2, max: 2048 },
  { key: 'efConstruction', min: 1, max: INT32_MAX },
];
const IVF_PARAMS: IntParam[] = [{ key: 'nlist', min: 1, max: MAX_NLIST }];

const TRAIN_PARAMS: ReadonlyMap<string, IntParam[]> = new Map([
  ['HNSW', HNSW_PARAMS],
  ['HNSW_SQ', HNSW_PARAMS],
  ['HNSW_PQ', HNSW_PARAMS],
  ['HNSW_PRQ', HNSW_PARAMS],
  ['IVF_FLAT', IVF_PARAMS],
  ['IVF_SQ8', IVF_PARAMS],
  ['IVF_RABITQ', IVF_PARAMS],
  ['BIN_IVF_FLAT', IVF_PARAMS],
  ['IVF_PQ', [...IVF_PARAMS, { key: 'm', min: 1, max: 65536, required: true }, { key: 'nbits', min: 1, max: 24 }]],
  ['SCANN', [...IVF_PARAMS, { key: 'sub_dim', min: 1, max: 65536 }]],
]);

/** std::stoll on a whole string, as FormatAndCheck uses it; an error text or the value. */
function knowhereInt(key: string, text: string): { value: number } | { error: string } {
  const m = /^[\t\n\v\f\r ]*([+-]?\d+)/.exec(text);
  if (!m) return { error: `invalid integer value, key: '${key}', value: '${text}'` };
  if (m[0].length < text.length) return { error: `wrong data type in json, key: '${key}', value: '${text}'` };
  const big = BigInt(m[1]!);
  if (big > 9223372036854775807n || big < -9223372036854775808n || big > BigInt(INT32_MAX) || big < BigInt(INT32_MIN)) {
    return { error: `integer value out of range, key: '${key}', value: '${text}'` };
  }
  return { value: Number(big) };
}

function knowhereCheck(indexType: string, dataType: DataType, params: Map<string, string>): string | undefined {
  const spec = TRAIN_PARAMS.get(indexType) ?? [];
  const values = new Map<string, number>();
  for (const p of spec) {
    const text = params.get(p.key);
    if (text === undefined) continue;
    const parsed = knowhereInt(p.key, text);
    if ('error' in parsed) return parsed.error;
    values.set(p.key, parsed.value);
  }
  for (const p of spec) {
    const v = values.get(p.key);
    if (v === undefined) {
      if (p.required) return `param '${p.key}' not exist in json`;
      continue;
    }
    if (v < p.min || v > p.max) {
      return `Out of range in json: param '${p.key}' (${v}) should be in range [${p.min}, ${p.max}]`;
    }
  }
  const dim = Number(params.get('dim'));
  if (indexType === 'IVF_PQ' && values.has('m') && Number.isInteger(dim) && dim % values.get('m')! !== 0) {
    return (
      'The dimension of a vector (dim) should be a multiple of the number of subquantizers (m). ' + `Dimension: ${dim}, m: ${values.get('m')}`
    );
  }
  if (indexType === 'SCANN' && Number.isInteger(dim)) {
    const subDim = values.get('sub_dim') ?? 2;
    if (dim % subDim !== 0) {
      return `The dimension of a vector (dim) should be a multiple of sub_dim. Dimension:${dim}, sub_dim:${subDim}`;
    }
  }
  if (indexType === 'BIN_IVF_FLAT' && dataType === DataType.BinaryVector) {
    const metric = params.get(METRIC_TYPE_KEY) ?? '';
    if (metric !== 'HAMMING' && metric !== 'JACCARD') {
      return `metric type ${metric} not found or not supported, supported: [HAMMING JACCARD]`;
    }
  }
  return undefined;
}

// ---- the data types each scalar index accepts (indexparamcheck's CheckValidDataType) ----------------

function scalarDataTypeError(indexType: string, field: FieldSchema): string | undefined {
  const t = field.dataType;
  const name = dataTypeName(t);
  switch (indexType) {
    case 'INVERTED':
      if (
        t !== DataType.Bool &&
        !INTEGER_TYPES.has(t) &&
        !FLOATING_TYPES.has(t) &&
        !STRING_TYPES.has(t) &&
        t !== DataType.Array &&
        t !== DataType.JSON
      ) {
        return `INVERTED are not supported on ${name} field`;
      }
      return undefined;
    case 'STL_SORT':
    case 'Asceneding':
      if (!INTEGER_TYPES.has(t) && !FLOATING_TYPES.has(t) && !STRING_TYPES.has(t) && t !== DataType.Timestamptz) {
        return `STL_SORT are only supported on numeric, varchar or timestamptz field, got ${name}`;
      }
      return undefined;
    case 'TRIE':
    case 'Trie':
    case 'marisa-trie':
      return STRING_TYPES.has(t) ? undefined : 'TRIE are only supported on varchar field';
    case 'BITMAP': {
      if (field.isPrimaryKey) return 'create bitmap index on primary key not supported';
      const ok = (x: DataType) => x === DataType.Bool || INTEGER_TYPES.has(x) || STRING_TYPES.has(x);
      if (!ok(t) && t !== DataType.Array) return 'bitmap index are only supported on bool, int, string and array field';
      if (t === DataType.Array && !ok(field.elementType)) {
        return 'bitmap index are only supported on bool, int, string for array field';
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

// ---- the whole check ------------------------------------------------------------------------------

export interface ResolvedIndexParams {
  /** As DescribeIndex echoes them (Milvus's UserIndexParams). */
  userParams: KeyValue[];
  /** What the data plane builds with (Milvus's IndexParams), without `dim`. */
  params: KeyValue[];
  isAutoIndex: boolean;
  userMetricSpecified: boolean;
}

/** indexparamcheck.ValidateMmapIndexParams: an error text, or undefined. */
export function mmapParamsError(indexType: string, params: ReadonlyMap<string, string>): string | undefined {
  const text = params.get(MMAP_KEY);
  if (text === undefined) return undefined;
  const enable = parseGoBool(text);
  if (enable === undefined) return `invalid ${MMAP_KEY} value: ${text}, expected: true, false`;
  const supported = indexType === AUTOINDEX || VECTOR_MMAP.has(indexType) || SCALAR_MMAP.has(indexType);
  if (enable && !supported) return `index type ${indexType} does not support mmap`;
  return undefined;
}

/**
 * Checks CreateIndex's extra_params against the field and resolves them, raising Milvus's error
 * for the first rule broken. `fieldName` is the name the request gave (a dynamic key for an index
 * on `$meta`).
 */
export function resolveIndexParams(
  schema: CollectionSchema,
  field: FieldSchema,
  fieldName: string,
  extraParams: readonly KeyValue[],
): ResolvedIndexParams {
  let userParams: KeyValue[] = extraParams.map((p) => ({ key: p.key, value: p.value }));
  const vector = isVectorType(field.dataType);
  const map = new Map<string, string>();
  const seen = new Set<string>();
  for (const kv of extraParams) {
    if (seen.has(kv.key)) throw indexErrors.duplicatedParam(kv.key, kv.value);
    seen.add(kv.key);
    if (kv.key === PARAMS_KEY) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(kv.value);
      } catch (e) {
        throw indexErrors.paramsNotJson((e as Error).message);
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw indexErrors.paramsNotJson(
          `json: cannot unmarshal ${Array.isArray(parsed) ? 'array' : parsed === null ? 'null' : typeof parsed} into Go value of type map[string]interface {}`,
        );
      }
      for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) map.set(k, goValueString(v));
    } else {
      map.set(kv.key, kv.value);
    }
  }
  for (const key of [JSON_CAST_TYPE_KEY, JSON_CAST_FUNCTION_KEY]) {
    const v = map.get(key);
    if (v !== undefined) map.set(key, v.trim().toUpperCase());
  }

  const requested = map.get(INDEX_TYPE_KEY);
  if (requested !== undefined && requested !== '') {
    const mmapError = mmapParamsError(requested, map);
    if (mmapError) throw indexErrors.invalidMmap(mmapError);
    if (!knownIndexType(requested) || requested === 'HYBRID') throw indexErrors.invalidIndexType(requested);
  }

  let isAutoIndex = false;
  let userMetricSpecified = false;
  if (!vector) {
    if (requested === undefined || requested === AUTOINDEX) {
      const base = field.dataType === DataType.Array ? field.elementType : field.dataType;
      let auto: string | undefined;
      if (field.dataType === DataType.JSON) auto = 'INVERTED';
      else if (field.dataType === DataType.Geometry) auto = 'RTREE';
      else auto = autoScalarIndexType(base);
      if (auto === undefined) throw indexErrors.autoIndexUnsupportedType(dataTypeName(field.dataType));
      map.set(INDEX_TYPE_KEY, auto);
      isAutoIndex = true;
    }
  } else {
    const userMetric = map.get(METRIC_TYPE_KEY);
    let config: Record<string, string>;
    if (DENSE_FLOAT_TYPES.has(field.dataType)) config = AUTO_DENSE;
    else if (field.dataType === DataType.SparseFloatVector) config = AUTO_SPARSE;
    else if (field.dataType === DataType.BinaryVector) config = userMetric === 'MHJACCARD' ? AUTO_DEDUPLICATE : AUTO_BINARY;
    else config = AUTO_INT8;
    const useAuto = (given: number) => {
      if (map.size === given) {
        userParams = [
          { key: INDEX_TYPE_KEY, value: AUTOINDEX },
          { key: METRIC_TYPE_KEY, value: config.metric_type! },
        ];
        for (const [k, v] of Object.entries(config)) map.set(k, v);
        return;
      }
      if (map.size > given + 1 || userMetric === undefined) throw indexErrors.onlyMetricWithAutoIndex();
      userParams = [
        { key: INDEX_TYPE_KEY, value: AUTOINDEX },
        { key: METRIC_TYPE_KEY, value: userMetric },
      ];
      for (const [k, v] of Object.entries(config)) map.set(k, v);
      map.set(METRIC_TYPE_KEY, userMetric);
      userMetricSpecified = true;
    };
    if (requested === undefined) useAuto(0);
    else if (requested === AUTOINDEX) useAuto(1);
    if (requested === undefined || requested === AUTOINDEX) isAutoIndex = true;
  }

  // parseFunctionParamsToIndex: BM25 function outputs get BM25's defaults.
  if (field.isFunctionOutput) {
    const fn = schema.functions.find((f) => f.outputFieldNames.includes(field.name));
    if (fn && fn.type === 'BM25') {
      if (!map.has('bm25_k1')) map.set('bm25_k1', '1.2');
      if (!map.has('bm25_b')) map.set('bm25_b', '0.75');
      if (!map.has('bm25_avgdl')) map.set('bm25_avgdl', '100');
      const metric = map.get(METRIC_TYPE_KEY);
      if (metric === undefined) map.set(METRIC_TYPE_KEY, 'BM25');
      else if (metric !== 'BM25') throw indexErrors.bm25FunctionMetric(metric);
    }
  }

  const indexType = map.get(INDEX_TYPE_KEY)!;
  if (vector) {
    const metric = map.get(METRIC_TYPE_KEY);
    if (metric === undefined) throw indexErrors.metricNotSet();
    if (DENSE_FLOAT_TYPES.has(field.dataType)) {
      if (!FLOAT_METRICS.includes(metric)) throw indexErrors.floatMetric(metric);
    } else if (field.dataType === DataType.SparseFloatVector) {
      if (!SPARSE_METRICS.includes(metric)) throw indexErrors.sparseMetric();
      const fn = schema.functions.find((f) => f.outputFieldNames.includes(field.name));
      if (metric === 'BM25' && fn?.type !== 'BM25') throw indexErrors.bm25NotFunctionOutput();
    } else if (field.dataType === DataType.BinaryVector) {
      if (!BINARY_METRICS.includes(metric)) throw indexErrors.binaryMetric(metric);
    } else if (!INT_METRICS.includes(metric)) {
      throw indexErrors.intMetric(metric);
    }
  }

  if (field.dataType === DataType.JSON && !map.has(JSON_PATH_KEY)) map.set(JSON_PATH_KEY, fieldName);

  const trainError = checkTrain(field, indexType, map);
  if (trainError !== undefined) throw indexErrors.train(trainError);

  map.delete('dim');
  map.delete('max_length');
  return {
    userParams,
    params: [...map].map(([key, value]) => ({ key, value })),
    isAutoIndex,
    userMetricSpecified,
  };
}

/** checkTrain: the index type against the field, then the type's own parameter checks. */
function checkTrain(field: FieldSchema, indexType: string, map: Map<string, string>): string | undefined {
  if (!knownIndexType(indexType) && indexType !== 'RTREE') return `invalid index type: ${indexType}`;
  const vectorField = isVectorType(field.dataType);
  const vectorIndex = VECTOR_INDEXES.get(indexType);
  if (vectorField && indexType !== AUTOINDEX && !(vectorIndex ?? []).includes(field.dataType)) {
    return `data type ${dataTypeName(field.dataType)} can't build with this index ${indexType}`;
  }
  if (vectorField && field.dataType !== DataType.SparseFloatVector) {
    const dim = typeOrIndexParam(field, 'dim');
    if (dim === undefined) return 'dimension not found in schema';
    const given = map.get('dim');
    if (given !== undefined && given !== dim) return `dimension mismatch, dimension in schema: ${dim}, dimension: ${given}`;
    map.set('dim', dim);
  }
  if (indexType === AUTOINDEX) return undefined;
  if (vectorIndex) {
    if (!vectorField) return `index ${indexType} only supports vector data type`;
    const knowhere = knowhereCheck(indexType, field.dataType, map);
    if (knowhere !== undefined) return knowhere;
    if (field.dataType !== DataType.SparseFloatVector) {
      const dim = Number(map.get('dim'));
      if (!Number.isInteger(dim) || dim < 1) {
        return 'failed to check vector dimension, should be larger than 0 and smaller than math.MaxInt';
      }
    }
    return undefined;
  }
  const dataTypeError = scalarDataTypeError(indexType, field);
  if (dataTypeError !== undefined) return dataTypeError;
  if (indexType === 'INVERTED' && field.dataType === DataType.JSON) {
    const castType = map.get(JSON_CAST_TYPE_KEY);
    if (castType === undefined) {
      return `json index must specify cast type: missing parameter[missing_param=${JSON_CAST_TYPE_KEY}]`;
    }
    if (!JSON_CAST_TYPES.includes(castType)) return `json_cast_type ${castType} is not supported: invalid parameter`;
    const castFunction = map.get(JSON_CAST_FUNCTION_KEY);
    if (castFunction !== undefined) {
      if (castFunction !== 'STRING_TO_DOUBLE') return `json_cast_function ${castFunction} is not supported: invalid parameter`;
      if (castType !== 'DOUBLE') {
        return `json_cast_function ${castFunction} is not supported for json_cast_type ${castType}: invalid parameter`;
      }
    }
  }
  return undefined;
}

/** A parameter's value in a KeyValue list. */
export function paramValue(params: readonly KeyValue[], key: string): string | undefined {
  return params.find((p) => p.key === key)?.value;
}
