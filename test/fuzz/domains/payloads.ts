// Insert, upsert and delete payloads, every one invalid by construction: proper FieldData columns
// for a few rows of a known collection, then one or two defects, each one a check of Milvus 2.6's
// proxy (internal/proxy/validate_util.go validateUtil, checkAligned, fillWithValue;
// task_insert.go / task_upsert.go / task_delete.go; util.go checkFieldsDataBySchema,
// checkPrimaryFieldData, checkDynamicFieldData): num_rows that does not match (zero and 2^31
// among them), a missing, short, long, duplicated or unknown column, values in the wrong container,
// a vector of the wrong dim or length, NaN in a vector, a VarChar over its max_length, an array
// over its capacity, a dynamic field that is not a JSON object, bad sparse rows, a valid_data of
// the wrong length, duplicate primary keys in an upsert, an unknown collection or partition.
//
// They go raw: the SDK builds the columns itself from rows and checks several of these defects
// client-side. Nothing of any of them may be written: the known data is checked after each batch,
// and upserts reuse the known primary keys to make a partial write show.
import fc from 'fast-check';
import { COLLECTIONS, DOCS, ITEMS, SPARSE, type FieldInfo, type KnownCollection } from '../known-data.js';
import type { FuzzDomain } from '../runner.js';
import { bfloat16Bytes, float16Bytes, sparseBytes } from '../wire.js';

/** A FieldData message as the SDK's channel encodes it (protobuf-js from a plain object). */
type FieldData = Record<string, unknown> & { field_name: string; type: string };

/** Where a scalar type keeps its values in FieldData.scalars. */
const CONTAINER: Record<string, string> = {
  Int64: 'long_data',
  Int32: 'int_data',
  Float: 'float_data',
  Double: 'double_data',
  Bool: 'bool_data',
  VarChar: 'string_data',
  JSON: 'json_data',
};

/** The value of scalar field `f` in row `i` (`pk` is the row's primary key). */
function scalarValue(f: FieldInfo, i: number, pk: number | string): unknown {
  if (f.name === 'id' || f.name === 'key') return String(pk);
  switch (f.type) {
    case 'Int64':
      return String(i * 7);
    case 'Int32':
      return i * 3;
    case 'Float':
    case 'Double':
      return i / 4;
    case 'Bool':
      return i % 2 === 0;
    case 'VarChar':
      return `v${i}`;
    default:
      return Buffer.from(JSON.stringify({ i }));
  }
}

/** The proper column of field `f` for `pks.length` rows. */
function column(f: FieldInfo, pks: (number | string)[]): FieldData {
  const n = pks.length;
  const base = { field_name: f.name, type: f.type };
  switch (f.type) {
    case 'FloatVector':
      return { ...base, vectors: { dim: f.dim, float_vector: { data: Array.from({ length: n * f.dim! }, (_, k) => (k % 7) / 8) } } };
    case 'BinaryVector':
      return { ...base, vectors: { dim: f.dim, binary_vector: Buffer.alloc((n * f.dim!) / 8, 0x33) } };
    case 'Float16Vector':
      return { ...base, vectors: { dim: f.dim, float16_vector: float16Bytes(Array.from({ length: n * f.dim! }, (_, k) => (k % 4) / 2)) } };
    case 'BFloat16Vector':
      return { ...base, vectors: { dim: f.dim, bfloat16_vector: bfloat16Bytes(Array.from({ length: n * f.dim! }, (_, k) => (k % 4) / 2 + 0.5)) } };
    case 'SparseFloatVector':
      return {
        ...base,
        vectors: {
          dim: 64,
          sparse_float_vector: {
            dim: 64,
            contents: pks.map((_, i) =>
              sparseBytes([
                [i, 0.5],
                [i + 10, 1],
              ]),
            ),
          },
        },
      };
    case 'Array':
      return {
        ...base,
        scalars: { array_data: { element_type: 'Int64', data: pks.map((_, i) => ({ long_data: { data: [String(i), String(i + 1)] } })) } },
      };
    default: {
      const values = pks.map((pk, i) => scalarValue(f, i, pk));
      return {
        ...base,
        scalars: { [CONTAINER[f.type]!]: { data: values } },
        ...(f.nullable ? { valid_data: pks.map(() => true) } : {}),
      };
    }
  }
}

/** The dynamic field's column: one JSON object per row. */
function metaColumn(n: number): FieldData {
  return {
    field_name: '$meta',
    type: 'JSON',
    is_dynamic: true,
    scalars: { json_data: { data: Array.from({ length: n }, (_, i) => Buffer.from(JSON.stringify({ color: 'new', weight: i }))) } },
  };
}

// ---- defects --------------------------------------------------------------------------------------

type DefectKind =
  | 'numRows'
  | 'dropColumn'
  | 'shortColumn'
  | 'longColumn'
  | 'duplicateColumn'
  | 'unknownColumn'
  | 'wrongContainer'
  | 'wrongDim'
  | 'vectorLength'
  | 'nanVector'
  | 'varcharTooLong'
  | 'arrayOverCapacity'
  | 'metaNotObject'
  | 'sparseRow'
  | 'validDataLength'
  | 'duplicatePks'
  | 'unknownPartition'
  | 'unknownCollection'
  | 'noColumns';

export interface Defect {
  kind: DefectKind;
  /** Which field (an index into the fields it applies to). */
  pick: number;
  /** A number the defect uses (how far off, which value). */
  amount: number;
}

const HUGE_NUM_ROWS = [2 ** 31, 2 ** 31 - 1, 2 ** 32 - 1, 16384 * 1024, 0];

interface Payload {
  columns: FieldData[];
  /** The rows the columns hold. */
  rows: number;
  /** The num_rows the request declares. */
  numRows: number;
  partition?: string;
  collection: string;
}

const isVector = (f: FieldInfo) => f.type.endsWith('Vector');
const required = (c: KnownCollection) => COLLECTIONS[c].fields.filter((f) => !f.nullable);
const pickOf = <T>(xs: readonly T[], k: number): T => xs[k % xs.length]!;

/**
 * Applies one defect to a payload; each one makes it invalid for Milvus whatever else is in it.
 * False when it found nothing to spoil (the column it spoils was left out or dropped already).
 */
function applyDefect(p: Payload, collection: KnownCollection, d: Defect, mode: 'insert' | 'upsert'): boolean {
  const info = COLLECTIONS[collection];
  const n = p.rows;
  const named = (name: string) => p.columns.find((c) => c.field_name === name);
  switch (d.kind) {
    case 'numRows': {
      const off = pickOf([-n, -1, 1, 2, 1000, ...HUGE_NUM_ROWS.map((h) => h - n)], d.amount);
      p.numRows = n + (off === 0 ? 1 : off);
      if (p.numRows === n) p.numRows = n + 1;
      return true;
    }
    case 'dropColumn': {
      const f = pickOf(required(collection), d.pick);
      const before = p.columns.length;
      p.columns = p.columns.filter((c) => c.field_name !== f.name);
      return p.columns.length < before;
    }
    case 'shortColumn':
    case 'longColumn': {
      const f = pickOf(required(collection), d.pick);
      const col = named(f.name);
      if (!col) return false;
      const more = d.kind === 'longColumn';
      const fresh = column(
        f,
        Array.from({ length: more ? n + 1 : Math.max(0, n - 1) }, (_, i) => (f.type === 'VarChar' ? `x-${i}` : 50_000 + i)),
      );
      Object.assign(col, fresh);
      if (!more && n === 1) Object.assign(col, column(f, [])); // no values at all
      return true;
    }
    case 'duplicateColumn': {
      const f = pickOf(info.fields, d.pick);
      const col = named(f.name);
      if (col) p.columns.push(structuredClone(col));
      return col !== undefined;
    }
    case 'unknownColumn':
      p.columns.push({
        field_name: pickOf(['nope', '', ' id', 'ID', '$meta2'], d.amount),
        type: 'Int64',
        scalars: { long_data: { data: Array.from({ length: n }, () => '1') } },
      });
      return true;
    case 'wrongContainer': {
      const f = pickOf(
        info.fields.filter((x) => CONTAINER[x.type] && !x.nullable),
        d.pick,
      );
      const col = named(f.name);
      if (!col) return false;
      const others = Object.values(CONTAINER).filter((c) => c !== CONTAINER[f.type] && !(f.type === 'Int32' && c === 'int_data'));
      const to = pickOf(others, d.amount);
      const values = Array.from({ length: n }, (_, i) =>
        to === 'string_data' ? `s${i}` : to === 'bool_data' ? true : to === 'json_data' ? Buffer.from('{}') : to === 'long_data' ? String(i) : i,
      );
      col.scalars = { [to]: { data: values } };
      return true;
    }
    case 'wrongDim': {
      const f = pickOf(
        info.fields.filter((x) => isVector(x) && x.dim),
        d.pick,
      );
      const dim = f.type === 'BinaryVector' ? f.dim! + 8 * pickOf([1, -1, 2], d.amount) : f.dim! + pickOf([1, -1, 3, 100], d.amount);
      const col = named(f.name);
      if (col)
        Object.assign(
          col,
          column(
            { ...f, dim },
            Array.from({ length: n }, (_, i) => i),
          ),
        );
      return col !== undefined;
    }
    case 'vectorLength': {
      const f = pickOf(
        info.fields.filter((x) => isVector(x) && x.dim),
        d.pick,
      );
      const col = named(f.name);
      const v = col?.vectors as Record<string, unknown> | undefined;
      if (!v) return false;
      if (f.type === 'FloatVector') (v.float_vector as { data: number[] }).data.push(0.5);
      else if (f.type === 'BinaryVector') v.binary_vector = Buffer.concat([v.binary_vector as Buffer, Buffer.from([1])]);
      else if (f.type === 'Float16Vector') v.float16_vector = Buffer.concat([v.float16_vector as Buffer, Buffer.from([1])]);
      else v.bfloat16_vector = Buffer.concat([v.bfloat16_vector as Buffer, Buffer.from([1])]);
      return true;
    }
    case 'nanVector': {
      const f = pickOf(
        info.fields.filter((x) => x.type === 'FloatVector' || x.type === 'Float16Vector' || x.type === 'BFloat16Vector'),
        d.pick,
      );
      const bad = pickOf([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e39], d.amount);
      const values = Array.from({ length: n * f.dim! }, (_, k) => (k === 0 ? bad : 0.5));
      const v = named(f.name)?.vectors as Record<string, unknown> | undefined;
      if (!v) return false;
      if (f.type === 'FloatVector') v.float_vector = { data: values };
      else if (f.type === 'Float16Vector') v.float16_vector = float16Bytes(values);
      else v.bfloat16_vector = bfloat16Bytes(values);
      return true;
    }
    case 'varcharTooLong': {
      const f = pickOf(
        info.fields.filter((x) => x.type === 'VarChar'),
        d.pick,
      );
      const data = (named(f.name)?.scalars as { string_data?: { data: string[] } } | undefined)?.string_data?.data;
      if (!data) return false;
      // max_length counts bytes (UTF-8): multi-byte characters take a VarChar over it sooner
      data[0] = pickOf(['x', 'é', '🐦', '\u0000'], d.amount).repeat(f.maxLength! + 1 + (d.pick % 3));
      return true;
    }
    case 'arrayOverCapacity': {
      const col = named('tags');
      if (!col) return false;
      (col.scalars as { array_data: { data: { long_data: { data: string[] } }[] } }).array_data.data[0] = {
        long_data: { data: Array.from({ length: 5 + d.amount }, (_, i) => String(i)) },
      };
      return true;
    }
    case 'metaNotObject': {
      const meta = named('$meta') ?? (p.columns.push(metaColumn(n)), named('$meta')!);
      (meta.scalars as { json_data: { data: Buffer[] } }).json_data.data[0] = Buffer.from(
        pickOf(['[1]', '1', '"s"', 'true', '{', '{"$meta": 1}'], d.amount),
      );
      return true;
    }
    case 'sparseRow': {
      const v = named('sv')?.vectors as { sparse_float_vector: { contents: Buffer[] } } | undefined;
      if (!v) return false;
      v.sparse_float_vector.contents[0] = pickOf(
        [
          Buffer.from([1, 2, 3]), // not whole (index, value) pairs
          sparseBytes([
            [5, 1],
            [2, 1],
          ]), // unsorted
          sparseBytes([
            [5, 1],
            [5, 2],
          ]), // the same index twice
          sparseBytes([[3, -1]]), // negative value
          sparseBytes([[0xffffffff, 1]]), // index 2^32-1
        ],
        d.amount,
      );
      return true;
    }
    case 'validDataLength': {
      const col = named('opt');
      if (col) col.valid_data = Array.from({ length: n + 1 + (d.amount % 2) }, () => true);
      return col !== undefined;
    }
    case 'duplicatePks':
      // upsert only (an insert may repeat keys): the same key twice in the batch
      if (mode === 'upsert') {
        const pk = info.fields.find((f) => f.name === info.pk)!;
        const keys = column(
          pk,
          Array.from({ length: n + 1 }, () => (pk.type === 'VarChar' ? 'doc-1' : 101)),
        );
        const pkColumn = named(pk.name);
        if (pkColumn) Object.assign(pkColumn, keys);
        else p.columns.push(keys);
        p.rows = n + 1;
        if (p.numRows === n) p.numRows = n + 1;
        for (const f of info.fields.filter((x) => x.name !== pk.name)) {
          const col = named(f.name);
          if (col)
            Object.assign(
              col,
              column(
                f,
                Array.from({ length: n + 1 }, (_, i) => i),
              ),
            );
        }
        const meta = named('$meta');
        if (meta) Object.assign(meta, metaColumn(n + 1));
      } else {
        p.partition = 'nope';
      }
      return true;
    case 'unknownPartition':
      p.partition = pickOf(['nope', ' p_even', 'P_EVEN', '_default_', '\u0000'], d.amount);
      return true;
    case 'unknownCollection':
      p.collection = pickOf(['fz_nope', 'FZ_ITEMS', `${collection} `, ''], d.amount);
      return true;
    case 'noColumns':
      p.columns = [];
      return true;
  }
}

/** The defects that apply to `collection`. */
function defectsFor(collection: KnownCollection): DefectKind[] {
  const common: DefectKind[] = [
    'numRows',
    'numRows',
    'dropColumn',
    'shortColumn',
    'longColumn',
    'duplicateColumn',
    'unknownColumn',
    'wrongContainer',
    'wrongDim',
    'vectorLength',
    'varcharTooLong',
    'duplicatePks',
    'unknownPartition',
    'unknownCollection',
    'noColumns',
  ];
  const own: Record<KnownCollection, DefectKind[]> = {
    [ITEMS]: ['nanVector', 'arrayOverCapacity', 'metaNotObject', 'validDataLength'],
    [DOCS]: ['nanVector'],
    [SPARSE]: ['nanVector', 'sparseRow'],
  };
  return [...common, ...own[collection]];
}

// ---- cases -----------------------------------------------------------------------------------------

export interface PayloadCase {
  collection: KnownCollection;
  mode: 'insert' | 'upsert' | 'delete';
  rows: number;
  /** Upserts over the known rows' keys, inserts with new ones. */
  defects: Defect[];
  /** delete: which invalid request. */
  deleteKind: number;
  /** The nullable and dynamic columns left out (valid on its own: the server fills them in). */
  omitOptional: boolean;
}

const defect = (collection: KnownCollection): fc.Arbitrary<Defect> =>
  fc.record({ kind: fc.constantFrom(...defectsFor(collection)), pick: fc.nat({ max: 20 }), amount: fc.nat({ max: 20 }) });

export const payloadCases: fc.Arbitrary<PayloadCase> = fc.constantFrom(...([ITEMS, DOCS, SPARSE] as KnownCollection[])).chain((collection) =>
  fc.record({
    collection: fc.constant(collection),
    mode: fc.constantFrom<PayloadCase['mode']>('insert', 'insert', 'upsert', 'upsert', 'delete'),
    rows: fc.integer({ min: 1, max: 3 }),
    defects: fc.array(defect(collection), { minLength: 1, maxLength: 2 }),
    deleteKind: fc.nat({ max: 20 }),
    omitOptional: fc.boolean(),
  }),
);

/** The primary keys of a case's rows: known ones for an upsert, new ones for an insert. */
function primaryKeys(c: PayloadCase): (number | string)[] {
  const known = c.mode === 'upsert';
  return Array.from({ length: c.rows }, (_, i) => {
    switch (c.collection) {
      case ITEMS:
        return known ? i + 1 : 10_000 + i;
      case DOCS:
        return known ? `doc-${i}` : `new-${i}`;
      default:
        return known ? 100 + i : 10_000 + i;
    }
  });
}

export function buildPayload(c: PayloadCase): Payload {
  const info = COLLECTIONS[c.collection];
  const pks = primaryKeys(c);
  const p: Payload = { columns: info.fields.map((f) => column(f, pks)), rows: pks.length, numRows: pks.length, collection: c.collection };
  if (info.dynamic) p.columns.push(metaColumn(pks.length));
  if (c.omitOptional)
    p.columns = p.columns.filter((col) => col.field_name !== '$meta' && !info.fields.find((f) => f.name === col.field_name)?.nullable);
  const mode = c.mode === 'upsert' ? 'upsert' : 'insert';
  let spoiled = false;
  for (const d of c.defects) spoiled = applyDefect(p, c.collection, d, mode) || spoiled;
  // Every payload is invalid: when no defect found its column, num_rows is off by one.
  if (!spoiled && p.numRows === p.rows) p.numRows = p.rows + 1;
  return p;
}

/** Delete requests that Milvus refuses whatever the data. */
function deleteRequest(c: PayloadCase): Record<string, unknown> {
  const pk = COLLECTIONS[c.collection].pk;
  const pkList = c.collection === DOCS ? '["doc-1"]' : '[1, 101]';
  return pickOf<Record<string, unknown>>(
    [
      { collection_name: 'fz_nope', expr: `${pk} in ${pkList}` },
      { collection_name: c.collection, partition_name: 'nope', expr: `${pk} in ${pkList}` },
      { collection_name: c.collection, expr: `${pk} in ${pkList} and` },
      { collection_name: c.collection, expr: `${pk} in {ids}` },
      {
        collection_name: c.collection,
        expr: `nope_field == 1 and ${pk} in ${pkList}`,
        ...(c.collection === ITEMS ? { expr: `${pk} in ${pkList} or` } : {}),
      },
      { collection_name: c.collection, expr: `${pk} in ${pkList}`, expr_template_values: { ids: { int64_val: '1' } }, partition_name: 'P_EVEN' },
      { collection_name: '', expr: `${pk} in ${pkList}` },
      { collection_name: c.collection, expr: `(${pk} in ${pkList}` },
    ],
    c.deleteKind,
  );
}

function describePayload(c: PayloadCase): string {
  if (c.mode === 'delete') return `Delete ${JSON.stringify(deleteRequest(c))}`;
  const defects = c.defects.map((d) => `${d.kind}(${d.pick},${d.amount})`).join(', ');
  return `${c.mode} ${c.rows} rows into ${c.collection}${c.omitOptional ? ' (nullable and dynamic columns left out)' : ''} with ${defects}`;
}

export const payloadsDomain: FuzzDomain<PayloadCase> = {
  name: 'payloads',
  cases: payloadCases,
  async send(target, c) {
    if (c.mode === 'delete') return { outcome: await target.raw('Delete', deleteRequest(c)), expect: { invalid: true } };
    const p = buildPayload(c);
    const outcome = await target.raw(c.mode === 'insert' ? 'Insert' : 'Upsert', {
      collection_name: p.collection,
      fields_data: p.columns,
      num_rows: p.numRows,
      ...(p.partition !== undefined ? { partition_name: p.partition } : {}),
    });
    return { outcome, expect: { invalid: true } };
  },
  describe: describePayload,
  regressions: [
    // num_rows 2^31 and 2^32 - 1 with the nullable and dynamic columns left out: the server
    // allocated their filler for num_rows rows (src/data/validate-rows.ts)
    { collection: ITEMS, mode: 'insert', rows: 2, defects: [{ kind: 'numRows', pick: 0, amount: 5 }], deleteKind: 0, omitOptional: true },
    { collection: ITEMS, mode: 'upsert', rows: 2, defects: [{ kind: 'numRows', pick: 0, amount: 7 }], deleteKind: 0, omitOptional: true },
  ],
};
