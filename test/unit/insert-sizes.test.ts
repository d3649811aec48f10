// Sizes an insert states are checked against what it carries before anything is allocated by
// them: a num_rows of 2^31 with one-row columns is refused with Milvus's checkAligned text (it
// used to fill a 2^31-slot `$meta` array first, and V8 aborted), a null vector or a left-out
// field does not turn a few bytes into gigabytes of placeholders.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataType, MAX_INSERT_PLACEHOLDER_BYTES, defineField, type CollectionSchema, type FieldSchema } from '../../src/catalog/index.js';
import { validateRows } from '../../src/data/validate-rows.js';
import { isMilvusError } from '../../src/errors.js';
import { decodeFieldData } from '../../src/protocol/field-data.js';

const HUGE = 2 ** 31;

function schemaOf(fields: FieldSchema[], extra: Partial<CollectionSchema> = {}): CollectionSchema {
  return {
    name: 'sizes',
    description: '',
    autoID: false,
    fields: fields.map((f, i) => ({ ...f, fieldID: 100 + i })),
    enableDynamicField: false,
    properties: [],
    functions: [],
    ...extra,
  };
}

const dim = (n: number) => [{ key: 'dim', value: String(n) }];
const ID = defineField('id', DataType.Int64, { isPrimaryKey: true });
const VEC = defineField('vec', DataType.FloatVector, { typeParams: dim(2) });

function refuses(run: () => unknown, message: string): void {
  assert.throws(run, (e: unknown) => {
    assert.ok(isMilvusError(e), String(e));
    assert.equal(e.code, 1100);
    assert.equal(e.message, message);
    return true;
  });
}

const oneRow = () =>
  decodeFieldData([
    { field_name: 'id', type: 'Int64', scalars: { long_data: { data: ['1'] } } },
    { field_name: 'vec', type: 'FloatVector', vectors: { dim: '2', float_vector: { data: new Float32Array([1, 2]) } } },
    { field_name: 'n', type: 'Int64', scalars: { long_data: { data: ['7'] } } },
  ]);

test("num_rows 2^31 with one-row columns and a dynamic field: Milvus's num_rows text, nothing filled first", () => {
  const schema = schemaOf([ID, VEC, defineField('n', DataType.Int64)], { enableDynamicField: true });
  const text = `the num_rows (1) of field (id) is not equal to passed num_rows (${HUGE}): invalid parameter[expected=${HUGE}][actual=1]`;
  refuses(() => validateRows(schema, oneRow(), HUGE, 'insert'), text);
  refuses(() => validateRows(schema, oneRow(), HUGE, 'upsert'), text);
});

test('num_rows 2^31 with a left-out nullable vector and a left-out default: refused by the columns sent', () => {
  const schema = schemaOf([
    ID,
    VEC,
    defineField('n', DataType.Int64),
    defineField('nv', DataType.FloatVector, { typeParams: dim(32768), nullable: true }),
    defineField('d', DataType.Int32, { defaultValue: { kind: 'int', value: 3 } }),
  ]);
  refuses(
    () => validateRows(schema, oneRow(), HUGE, 'insert'),
    `the num_rows (1) of field (id) is not equal to passed num_rows (${HUGE}): invalid parameter[expected=${HUGE}][actual=1]`,
  );
});

test('a nullable column without valid_data and num_rows 2^31: the length check comes before the all-valid mask', () => {
  const schema = schemaOf([ID, VEC, defineField('n', DataType.Int64, { nullable: true })]);
  refuses(() => validateRows(schema, oneRow(), HUGE, 'insert'), `the length of field is wrong: invalid parameter[expected=${HUGE}][actual=1]`);
});

test('an insert of no columns cannot make more placeholder rows than the documented cap', () => {
  const schema = schemaOf([
    defineField('id', DataType.Int64, { isPrimaryKey: true, autoID: true }),
    defineField('nv', DataType.FloatVector, { typeParams: dim(32768), nullable: true }),
  ]);
  const rows = 100_000;
  const bytes = rows * 8 + rows * (1 + 32768 * 4);
  refuses(
    () => validateRows(schema, [], rows, 'insert'),
    `the ${rows} rows of this insert need ${bytes} bytes of placeholders for null or left-out fields, more than the ${MAX_INSERT_PLACEHOLDER_BYTES} Elanus allows in one request: send fewer rows per request: invalid parameter`,
  );
  // a handful of rows is fine: all null
  const batch = validateRows(schema, [], 3, 'insert');
  assert.equal(batch.numRows, 3);
  assert.deepEqual(Array.from(batch.columns.get('nv')!.valid!), [0, 0, 0]);
});

test('valid_data of many nulls for a wide vector is refused before its zeros are made', () => {
  const nulls = 10_000;
  const wide = 32768;
  refuses(
    () =>
      decodeFieldData([
        {
          field_name: 'nv',
          type: 'FloatVector',
          vectors: { dim: String(wide), float_vector: { data: new Float32Array(0) } },
          valid_data: new Array<boolean>(nulls).fill(false),
        },
      ]),
    `the ${nulls} rows of this insert need ${nulls * wide * 4} bytes of placeholders for null or left-out fields, more than the ${MAX_INSERT_PLACEHOLDER_BYTES} Elanus allows in one request: send fewer rows per request: invalid parameter`,
  );
  // and a stated dim far past any schema's is refused the same way, not thrown as a RangeError
  refuses(
    () =>
      decodeFieldData([
        {
          field_name: 'nv',
          type: 'FloatVector',
          vectors: { dim: String(2 ** 40), float_vector: { data: new Float32Array(0) } },
          valid_data: [false],
        },
      ]),
    `the 1 rows of this insert need ${2 ** 42} bytes of placeholders for null or left-out fields, more than the ${MAX_INSERT_PLACEHOLDER_BYTES} Elanus allows in one request: send fewer rows per request: invalid parameter`,
  );
});
