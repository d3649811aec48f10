// Insert/upsert data checked against a collection's schema, the way Milvus 2.6's proxy does it
// (internal/proxy: task_insert.go and task_upsert.go PreExecute, util.go checkDynamicFieldData,
// checkAndFlattenStructFieldData, checkPrimaryFieldData/checkUpsertPrimaryFieldData,
// checkFieldsDataBySchema, fillFieldPropertiesOnly; validate_util.go Validate: the per-field
// checks, then fillWithValue, then checkAligned), in that order and with its codes and texts
// (errors.ts, rowDataErrors). The first failing check wins; nothing is written on error.
//
// The result is a RowBatch: one column per schema field in the schema's types (the primary key
// absent when autoID made it), nullable fields with a `valid` mask, defaults filled in, and the
// `$meta` texts when the collection has a dynamic field.
//
// This file holds the batch: the checks in order, and the per-field checks. What they rely on lives
// beside it, one concept a file: wire-kinds.ts (which FieldData member a column travels in),
// go-json-errors.ts (Go's JSON error texts), timestamptz.ts (Timestamptz strings), float-checks.ts
// (NaN/Inf in float and half-float values), default-values.ts (null columns, fillWithValue).
import {
  DataType,
  dataTypeName,
  MAX_INSERT_PLACEHOLDER_BYTES,
  DYNAMIC_FIELD_NAME,
  dynamicFieldOf,
  typeOrIndexParam,
  parseGoBool,
  primaryField,
  type CollectionSchema,
  type FieldSchema,
} from '../catalog/index.js';
import { rowDataErrors as E } from '../errors.js';
import { vectorElementsPerRow, type Column, type ScalarArrayValue, type SparseRow } from './columns.js';
import { emptyColumn, emptyColumnBytes, fillWithValue } from './default-values.js';
import { verifyFloat16, verifyFloats } from './float-checks.js';
import { goJsonNotObject, goJsonSyntaxError } from './go-json-errors.js';
import type { IncomingColumn, RowBatch } from './rows.js';
import { collectionTimezone, parseTimestamptz } from './timestamptz.js';
import { elementKind, kindOf, schemaKind, VECTOR_KINDS } from './wire-kinds.js';

// Still importable from here, where they were first defined.
export { goJsonSyntaxError, parseTimestamptz };

/** Milvus's common.JSONMaxLength default (64 KiB), in bytes. */
export const JSON_MAX_LENGTH = 64 << 10;

/** Sparse indices lie below 2^32-1: Milvus refuses uint32's largest value as an index. */
const SPARSE_INDEX_BOUND = 0xffffffff;

/** A column on its way through the checks. */
interface ColumnInCheck {
  name: string;
  isDynamic: boolean;
  wireType: DataType;
  fieldId: number;
  col: Column;
  /**
   * Made here, not sent: a missing nullable/default field (Milvus's GenEmptyFieldData) or the
   * `{}` of `$meta` (checkDynamicFieldData). Its `num_rows` values are made only after every
   * check has held, num_rows against the columns sent included: until then `col` holds no rows.
   */
  generated?: { make: () => Column; bytes: number };
}

/** Rows a column holds; vectors by their stated dim (0 rows when the dim cannot divide). */
function rowsOf(c: Column): number {
  switch (c.type) {
    case DataType.FloatVector:
    case DataType.Int8Vector:
      return c.dim > 0 ? Math.floor(c.data.length / c.dim) : 0;
    case DataType.BinaryVector:
      return c.dim >= 8 ? Math.floor(c.data.length / (c.dim / 8)) : 0;
    case DataType.Float16Vector:
    case DataType.BFloat16Vector:
      return c.dim > 0 ? Math.floor(c.data.length / (c.dim * 2)) : 0;
    default:
      return c.data.length;
  }
}

/** Elements (floats, bytes) per row of a fixed-width vector column at its stated dim. */
function widthOf(c: Column): number {
  return vectorElementsPerRow(c) ?? 1;
}

function nullCount(valid: Uint8Array | undefined): number {
  if (!valid) return 0;
  let n = 0;
  for (const v of valid) if (!v) n++;
  return n;
}

/** Calls fn(row, compactIndex) for each row that holds a value (Milvus checks compact data). */
function eachValid(c: Column, fn: (row: number, k: number) => void): void {
  const n = c.data.length;
  let k = 0;
  const rows =
    c.type === DataType.FloatVector ||
    c.type === DataType.BinaryVector ||
    c.type === DataType.Float16Vector ||
    c.type === DataType.BFloat16Vector ||
    c.type === DataType.Int8Vector
      ? rowsOf(c)
      : n;
  for (let i = 0; i < rows; i++) {
    if (c.valid && !c.valid[i]) continue;
    fn(i, k++);
  }
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** parameterutil.GetMaxLength. */
function maxLengthOf(f: FieldSchema): number {
  const v = typeOrIndexParam(f, 'max_length');
  if (v === undefined) throw E.maxLengthNotFound();
  if (!/^[+-]?\d+$/.test(v)) throw E.maxLengthInvalid(v);
  return Number(v);
}

/** parameterutil.GetMaxCapacity. */
function maxCapacityOf(f: FieldSchema): number {
  const v = typeOrIndexParam(f, 'max_capacity');
  if (v === undefined) throw E.maxCapacityNotFound();
  if (!/^[+-]?\d+$/.test(v)) throw E.maxCapacityInvalid(v);
  return Number(v);
}

function dimOf(f: FieldSchema): number {
  const v = typeOrIndexParam(f, 'dim');
  return v === undefined ? 0 : Number(v);
}

function isBM25Output(schema: CollectionSchema, f: FieldSchema): boolean {
  if (!f.isFunctionOutput) return false;
  return schema.functions.some((fn) => (fn.type === 'BM25' || fn.type === '1') && fn.outputFieldNames.includes(f.name));
}

// ---- Array element checks ---------------------------------------------------------------------------

const ELEMENT_LABEL = { bool: 'bool', int: 'int', long: 'int64', float: 'float', double: 'double', string: 'string' } as const;
const ELEMENT_GO_TYPE = {
  bool: '*schemapb.ScalarField_BoolData',
  int: '*schemapb.ScalarField_IntData',
  long: '*schemapb.ScalarField_LongData',
  float: '*schemapb.ScalarField_FloatData',
  double: '*schemapb.ScalarField_DoubleData',
  string: '*schemapb.ScalarField_StringData',
} as const;

function checkIntRange(values: ArrayLike<number>, t: DataType): void {
  const [lb, ub] = t === DataType.Int8 ? [-128, 127] : t === DataType.Int16 ? [-32768, 32767] : [-2147483648, 2147483647];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lb || v > ub) throw E.intOutOfRange(i, v, lb, ub);
  }
}

function checkArray(w: ColumnInCheck, f: FieldSchema): void {
  const c = w.col as Extract<Column, { type: DataType.Array }>;
  const want = elementKind(f.elementType);
  const have = elementKind(c.elementType);
  const compactRows: (ScalarArrayValue | null)[] = [];
  eachValid(c, (row) => compactRows.push(c.data[row] ?? null));
  // Milvus checks max_capacity on insert only (upsert's validator lacks withMaxCapCheck); Elanus on both.
  const maxCapacity = maxCapacityOf(f);
  compactRows.forEach((row, i) => {
    const length = row !== null && have === want ? row.length : 0;
    if (length > maxCapacity) throw E.arrayCapacity(length, i, maxCapacity);
  });
  if (!want) return;
  compactRows.forEach((row, rowCnt) => {
    if (row === null) throw E.arrayElementMismatch(`${ELEMENT_LABEL[want]} array`, 'nil array');
    if (have !== want) throw E.arrayElementMismatch(`${ELEMENT_LABEL[want]} array`, `${ELEMENT_GO_TYPE[have ?? 'string']} array`);
    if (f.elementType === DataType.Int8 || f.elementType === DataType.Int16) checkIntRange(row as number[], f.elementType);
    if (want === 'string') {
      const max = maxLengthOf(f);
      (row as string[]).forEach((s, i) => {
        const length = utf8Length(s);
        if (length > max) throw E.arrayVarcharTooLong(f.name, rowCnt, i, length, max);
      });
    }
  });
}

// ---- the per-field checks (validateUtil.Validate's switch) ---------------------------------------------

function checkField(w: ColumnInCheck, f: FieldSchema, timezone: string): void {
  const c = w.col;
  const kind = kindOf(c);
  const name = w.name;
  const nullable = f.nullable;
  const hasDefault = f.defaultValue !== undefined;
  const lax = hasDefault || nullable;
  switch (f.dataType) {
    case DataType.FloatVector:
      if (kind !== 'float_vector') {
        if (!nullable) throw E.arrayTypeMismatch(`float vector field '${name}' is illegal, array type mismatch`, 'need float vector');
        return;
      }
      verifyFloats(c.data as Float32Array);
      return;
    case DataType.Float16Vector:
    case DataType.BFloat16Vector: {
      const brain = f.dataType === DataType.BFloat16Vector;
      if (kind !== (brain ? 'bfloat16_vector' : 'float16_vector')) {
        const label = brain ? 'bfloat16 vector' : 'float16 vector';
        if (!nullable) throw E.arrayTypeMismatch(`${label} field '${name}' is illegal, array type mismatch`, `need ${label}`);
        return;
      }
      verifyFloat16(c.data as Uint8Array, brain);
      return;
    }
    case DataType.BinaryVector:
      if (kind !== 'binary_vector' && !nullable) {
        throw E.arrayTypeMismatch(`binary vector field '${name}' is illegal, array type mismatch`, 'need binary vector');
      }
      return;
    case DataType.Int8Vector:
      if (kind !== 'int8_vector' && !nullable) {
        throw E.arrayTypeMismatch(`int8 vector field '${name}' is illegal, array type mismatch`, 'need int8 vector');
      }
      return;
    case DataType.SparseFloatVector: {
      if (kind !== 'sparse') {
        if (!nullable) {
          throw E.arrayTypeMismatch(`sparse float vector field '${name}' is illegal, array type mismatch`, 'need sparse float vector');
        }
        return;
      }
      const rows = c.data as SparseRow[];
      eachValid(c, (r) => {
        const { indices, values } = rows[r]!;
        for (let i = 0; i < indices.length; i++) {
          if (indices[i] === SPARSE_INDEX_BOUND) throw E.sparseMaxIndex();
          if (i > 0 && indices[i]! <= indices[i - 1]!) throw E.sparseUnsorted();
          if (!Number.isFinite(values[i]!)) throw E.notANumber(values[i]!);
          if (values[i]! < 0) throw E.sparseNegative();
        }
      });
      return;
    }
    case DataType.VarChar:
    case DataType.String:
    case DataType.Text: {
      const text = f.dataType === DataType.Text;
      if (kind !== 'string' && !lax) {
        if (text) throw E.textMismatch(name);
        throw E.arrayTypeMismatch(`varchar field '${name}' is illegal, array type mismatch`, 'need string array');
      }
      if (!text && f.autoID) return; // an auto-generated key: no length check (milvus#25580)
      const max = maxLengthOf(f);
      if (kind !== 'string') return;
      const data = c.data as string[];
      eachValid(c, (r, k) => {
        const length = utf8Length(data[r]!);
        if (length > max) throw text ? E.textTooLong(f.name, k, length, max) : E.varcharTooLong(f.name, k, length, max);
      });
      return;
    }
    case DataType.Geometry:
      if (kind !== 'wkt' && !lax) {
        throw E.arrayTypeMismatch(`geometry field '${name}' is illegal, array type mismatch`, 'need geometry array');
      }
      return;
    case DataType.JSON: {
      if (kind !== 'json') {
        if (!lax) throw E.arrayTypeMismatch(`json field '${name}' is illegal, array type mismatch`, 'need json array');
        return;
      }
      const data = c.data as (string | null)[];
      eachValid(c, (r) => {
        const length = utf8Length(data[r] ?? '');
        if (length > JSON_MAX_LENGTH) throw w.isDynamic ? E.dynamicTooLong(length, JSON_MAX_LENGTH) : E.jsonTooLong(length, name, JSON_MAX_LENGTH);
      });
      if (!w.isDynamic) {
        eachValid(c, (r) => {
          const err = goJsonSyntaxError(data[r] ?? '');
          if (err !== null) throw E.jsonInvalid(err);
        });
      }
      return;
    }
    case DataType.Int8:
    case DataType.Int16:
    case DataType.Int32:
      if (kind !== 'int') {
        if (!lax) throw E.arrayTypeMismatch(`field '${name}' is illegal, array type mismatch`, 'need int array');
        return;
      }
      if (f.dataType !== DataType.Int32) {
        const compact: number[] = [];
        eachValid(c, (r) => compact.push((c.data as Int32Array)[r]!));
        checkIntRange(compact, f.dataType);
      }
      return;
    case DataType.Int64:
      if (kind !== 'long' && !lax) throw E.arrayTypeMismatch(`field '${name}' is illegal, array type mismatch`, 'need long int array');
      return;
    case DataType.Float:
    case DataType.Double: {
      const want = f.dataType === DataType.Float ? 'float' : 'double';
      if (kind !== want) {
        if (!lax) {
          throw E.arrayTypeMismatch(
            `field '${name}' is illegal, array type mismatch`,
            want === 'float' ? 'need float32 array' : 'need float64(double) array',
          );
        }
        return;
      }
      verifyFloats(c.data as Float32Array | Float64Array);
      return;
    }
    case DataType.Array:
      checkArray(w, f);
      return;
    case DataType.Timestamptz: {
      if (kind === 'timestamptz') return; // microseconds already (an embedded client); Milvus's wire only takes strings
      if (kind !== 'string') throw E.timestamptzNotStrings();
      const strings = c.data as string[];
      const out = new BigInt64Array(strings.length);
      eachValid(c, (r) => {
        const v = parseTimestamptz(strings[r]!, timezone);
        if (v === null) throw E.timestamptzInvalid(strings[r]!);
        out[r] = v;
      });
      w.col = c.valid ? { type: DataType.Timestamptz, data: out, valid: c.valid } : { type: DataType.Timestamptz, data: out };
      return;
    }
    default:
      return;
  }
}

// ---- checkAligned --------------------------------------------------------------------------------------

function checkAligned(w: ColumnInCheck, f: FieldSchema, numRows: number): void {
  const c = w.col;
  const name = w.name;
  const kind = kindOf(c);
  const want = schemaKind(f.dataType);
  if (want !== undefined && VECTOR_KINDS.has(want)) {
    const expected = f.nullable && c.valid && c.valid.length > 0 ? c.valid.length - nullCount(c.valid) : numRows;
    if (kind !== want) {
      if (expected !== 0) throw E.numRowsMismatch(name, 0, numRows);
      return;
    }
    const dim = dimOf(f);
    if (want === 'sparse') {
      const n = c.data.length - nullCount(c.valid);
      if (n !== expected) throw E.numRowsMismatch(name, n, numRows);
      return;
    }
    const dataDim = (c as { dim: number }).dim;
    // the values the client sent: the expanded column minus its placeholders
    const length = c.data.length - nullCount(c.valid) * widthOf(c);
    let n: number;
    switch (want) {
      case 'float_vector':
        if (dim <= 0) throw E.dimNotPositive(dim);
        if (length % dim !== 0) throw E.floatVectorLength(length, dim);
        n = length / dim;
        if (dataDim !== dim) throw E.dimMismatch(name, dataDim, dim);
        break;
      case 'binary_vector':
        if (dataDim !== dim) throw E.dimMismatch(name, dataDim, dim);
        if (dim <= 0) throw E.dimNotPositive(dim);
        if (dim % 8 !== 0) throw E.binaryDimNotMultipleOf8(dim);
        if ((8 * length) % dim !== 0) throw E.binaryVectorLength(8 * length, dim);
        n = (8 * length) / dim;
        break;
      case 'float16_vector':
      case 'bfloat16_vector':
        if (dataDim !== dim) throw E.dimMismatch(name, dataDim, dim);
        if (dim <= 0) throw E.dimNotPositive(dim);
        if (length % (dim * 2) !== 0) {
          throw want === 'float16_vector' ? E.float16VectorLength(length, dim * 2) : E.bfloat16VectorLength(length, dim * 2);
        }
        n = length / (dim * 2);
        break;
      default: // int8_vector
        if (dim <= 0) throw E.dimNotPositive(dim);
        if (length % dim !== 0) throw E.int8VectorLength(length, dim);
        n = length / dim;
        if (dataDim !== dim) throw E.dimMismatch(name, dataDim, dim);
        break;
    }
    if (n !== expected) throw E.numRowsMismatch(name, n, numRows);
    return;
  }
  const n = kind === want || (want === 'timestamptz' && kind === 'string') ? c.data.length : 0;
  if (n !== numRows) throw E.numRowsMismatch(name, n, numRows);
}

// ---- the batch ----------------------------------------------------------------------------------------

/** The column in the field's own type (Int32 data narrowed to Int8/Int16, strings typed, the schema's dim). */
function finalColumn(c: Column, f: FieldSchema): Column {
  let out: Column;
  switch (f.dataType) {
    case DataType.Int8:
      out = { type: DataType.Int8, data: Int8Array.from(c.data as Int32Array) };
      break;
    case DataType.Int16:
      out = { type: DataType.Int16, data: Int16Array.from(c.data as Int32Array) };
      break;
    case DataType.Int32:
      out = { type: DataType.Int32, data: c.data instanceof Int32Array ? c.data : Int32Array.from(c.data as Int8Array) };
      break;
    case DataType.VarChar:
    case DataType.String:
    case DataType.Text:
    case DataType.Geometry:
      out = { type: f.dataType, data: c.data as string[] };
      break;
    case DataType.JSON:
      out = { type: DataType.JSON, data: c.data as (string | null)[] };
      break;
    case DataType.Array:
      out = { type: DataType.Array, elementType: f.elementType, data: c.data as (ScalarArrayValue | null)[] };
      break;
    case DataType.FloatVector:
    case DataType.BinaryVector:
    case DataType.Float16Vector:
    case DataType.BFloat16Vector:
    case DataType.Int8Vector:
      out = { ...(c as Extract<Column, { dim: number }>), dim: dimOf(f) } as Column;
      delete out.valid;
      break;
    default:
      out = { ...c };
      delete out.valid;
  }
  if (f.nullable && c.valid) out.valid = c.valid;
  return out;
}

/**
 * Checks insert/upsert columns against the schema in Milvus 2.6's order and returns the batch
 * to commit; throws the MilvusError Milvus would answer for the first problem found.
 */
export function validateRows(schema: CollectionSchema, incoming: IncomingColumn[], numRows: number, mode: 'insert' | 'upsert'): RowBatch {
  const timezone = collectionTimezone(schema);
  const pk = primaryField(schema);
  const dynField = schema.enableDynamicField ? dynamicFieldOf(schema) : undefined;
  const allFields = dynField ? [...schema.fields, dynField] : schema.fields;
  const byName = new Map(allFields.map((f) => [f.name, f]));

  const work: ColumnInCheck[] = incoming.map((c) => {
    const extra = c as IncomingColumn & { wireType?: DataType; fieldId?: number };
    return {
      name: c.fieldName,
      isDynamic: c.isDynamic,
      wireType: extra.wireType ?? c.column.type,
      fieldId: extra.fieldId ?? 0,
      col: c.column,
    };
  });

  // upsertTask.PreExecute: duplicate keys in the batch, then num_rows
  if (mode === 'upsert') {
    const pkWork = work.find((w) => w.name === pk.name);
    if (!pkWork) throw E.upsertPkMissingForDuplicates(pk.name);
    const kind = kindOf(pkWork.col);
    if (VECTOR_KINDS.has(kind)) throw E.upsertPkNotScalar();
    if (kind !== 'long' && kind !== 'string') throw E.upsertPkUnsupportedType();
    const seen = new Set<bigint | string>();
    for (const v of pkWork.col.data as BigInt64Array | string[]) {
      if (seen.has(v)) throw E.duplicatePrimaryKeys();
      seen.add(v);
    }
    if (numRows <= 0) throw E.numRowsNotPositive(numRows);
  }

  // checkDynamicFieldData
  if (schema.enableDynamicField) {
    const dyn = work.find((w) => w.isDynamic);
    if (dyn) {
      dyn.name = DYNAMIC_FIELD_NAME;
      for (const w of work) {
        if (w.name !== DYNAMIC_FIELD_NAME || w.col.type !== DataType.JSON) continue;
        for (const text of w.col.data) {
          if (text === null) continue;
          const err = goJsonSyntaxError(text) ?? goJsonNotObject(text);
          if (err !== null) throw E.dynamicNotJsonObject(err);
          const obj = JSON.parse(text) as Record<string, unknown> | null;
          if (obj === null) continue;
          if (Object.prototype.hasOwnProperty.call(obj, DYNAMIC_FIELD_NAME)) throw E.dynamicMetaKey();
          for (const f of schema.fields) {
            if (Object.prototype.hasOwnProperty.call(obj, f.name)) throw E.dynamicStaticKey(f.name);
          }
        }
      }
    } else {
      work.push({
        name: DYNAMIC_FIELD_NAME,
        isDynamic: true,
        wireType: DataType.JSON,
        fieldId: 0,
        col: { type: DataType.JSON, data: [] },
        generated: { make: () => ({ type: DataType.JSON, data: new Array<string>(numRows).fill('{}') }), bytes: numRows * 8 },
      });
    }
  }

  // checkAndFlattenStructFieldData: every column must name a field
  for (const w of work) {
    if (!byName.has(w.name)) throw E.fieldNotInSchema(w.name, dataTypeName(w.wireType), w.fieldId);
  }

  // checkPrimaryFieldData / checkUpsertPrimaryFieldData
  if (numRows <= 0) throw E.numRowsNotPositive(numRows);
  const names = new Set<string>();
  for (const w of work) {
    if (names.has(w.name)) throw E.duplicatedField(w.name);
    names.add(w.name);
  }
  // false when absent, and when not one of Go's boolean spellings
  const allowInsertAutoID = parseGoBool(schema.properties.find((p) => p.key === 'allow_insert_auto_id')?.value ?? '') ?? false;
  const pkGiven = names.has(pk.name);
  const autoGenPk = pk.autoID && (!allowInsertAutoID || !pkGiven) && mode === 'insert';
  let autoGenerated = 0;
  for (const f of allFields) {
    const auto = (f.isPrimaryKey && autoGenPk) || isBM25Output(schema, f);
    if (auto) autoGenerated++;
    if (names.has(f.name)) continue;
    if (auto) continue;
    if (f.defaultValue === undefined && !f.nullable) throw E.missingField(f.name);
    const dim = dimOf(f);
    work.push({
      name: f.name,
      isDynamic: false,
      wireType: f.dataType,
      fieldId: f.fieldID,
      col: emptyColumn(f, 0, dim),
      generated: {
        make: () => {
          const col = emptyColumn(f, numRows, dim);
          fillWithValue(col, f, numRows, timezone);
          return col;
        },
        bytes: emptyColumnBytes(f, numRows, dim),
      },
    });
  }
  if (work.length + autoGenerated !== allFields.length) throw E.moreFieldData(allFields.length, work.length + autoGenerated);
  if (mode === 'insert' && pk.autoID && pkGiven && !allowInsertAutoID) throw E.autoIdPkGiven(pk.name);
  const pkWork = work.find((w) => w.name === pk.name);
  if (mode === 'upsert' && !pkWork) throw E.upsertPkMissing(pk.name);
  if (pkWork) {
    const kind = kindOf(pkWork.col);
    if (VECTOR_KINDS.has(kind)) throw E.pkIsVector();
    if (kind !== 'long' && kind !== 'string') throw E.pkType();
  }

  // fillFieldPropertiesOnly: an Array field must carry array_data
  for (const w of work) {
    const f = byName.get(w.name)!;
    if (f.dataType === DataType.Array && kindOf(w.col) !== 'array') throw E.notArrayData(w.name, schema.name);
  }

  // validateUtil.Validate: per-field checks, fillWithValue, checkAligned
  const sent = work.filter((w) => !w.generated);
  for (const w of sent) checkField(w, byName.get(w.name)!, timezone);
  for (const w of sent) fillWithValue(w.col, byName.get(w.name)!, numRows, timezone);
  for (const w of sent) checkAligned(w, byName.get(w.name)!, numRows);

  // The columns made here: num_rows now matches the columns sent (when any were), but a few
  // bytes sent can still stand for many rows of wide placeholders, and with no column sent
  // num_rows is whatever the request says.
  const placeholderBytes = work.reduce((sum, w) => sum + (w.generated?.bytes ?? 0), autoGenPk ? numRows * 8 : 0);
  if (placeholderBytes > MAX_INSERT_PLACEHOLDER_BYTES) throw E.placeholdersTooLarge(numRows, placeholderBytes, MAX_INSERT_PLACEHOLDER_BYTES);
  for (const w of work) if (w.generated) w.col = w.generated.make();

  // the batch
  const columns = new Map<string, Column>();
  for (const f of schema.fields) {
    const w = work.find((x) => x.name === f.name);
    if (w) columns.set(f.name, finalColumn(w.col, f));
  }
  const batch: RowBatch = { numRows, columns };
  if (schema.enableDynamicField) {
    const meta = work.find((w) => w.name === DYNAMIC_FIELD_NAME)!;
    batch.dynamic = (meta.col.data as (string | null)[]).map((t) => (t === null || t.trim() === 'null' ? '{}' : t));
  }
  return batch;
}
