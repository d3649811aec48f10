// Which member of Milvus's schemapb.FieldData a column's values travel in (scalars.bool_data,
// int_data, long_data, ..., vectors.float_vector, ...). Milvus's checks compare members, not
// DataTypes: Int8, Int16 and Int32 all travel as int_data, the string types as string_data, so a
// column is of a field's kind when its member is the one the field's type travels in.
import { DataType } from '../catalog/index.js';
import type { Column } from './columns.js';

/** A FieldData member. */
export type Kind =
  | 'bool'
  | 'int'
  | 'long'
  | 'timestamptz'
  | 'float'
  | 'double'
  | 'string'
  | 'wkt'
  | 'json'
  | 'array'
  | 'float_vector'
  | 'binary_vector'
  | 'float16_vector'
  | 'bfloat16_vector'
  | 'int8_vector'
  | 'sparse';

/** Which protobuf member a column's values travel in. */
export function kindOf(c: Column): Kind {
  return schemaKind(c.type)!;
}

/** The member a schema type's values must travel in. */
export function schemaKind(t: DataType): Kind | undefined {
  switch (t) {
    case DataType.Bool:
      return 'bool';
    case DataType.Int8:
    case DataType.Int16:
    case DataType.Int32:
      return 'int';
    case DataType.Int64:
      return 'long';
    case DataType.Timestamptz:
      return 'timestamptz';
    case DataType.Float:
      return 'float';
    case DataType.Double:
      return 'double';
    case DataType.VarChar:
    case DataType.String:
    case DataType.Text:
      return 'string';
    case DataType.Geometry:
      return 'wkt';
    case DataType.JSON:
      return 'json';
    case DataType.Array:
      return 'array';
    case DataType.FloatVector:
      return 'float_vector';
    case DataType.BinaryVector:
      return 'binary_vector';
    case DataType.Float16Vector:
      return 'float16_vector';
    case DataType.BFloat16Vector:
      return 'bfloat16_vector';
    case DataType.Int8Vector:
      return 'int8_vector';
    case DataType.SparseFloatVector:
      return 'sparse';
    default:
      return undefined;
  }
}

/** The vector members: no primary key, default value or scalar check takes them. */
export const VECTOR_KINDS: ReadonlySet<Kind> = new Set([
  'float_vector',
  'binary_vector',
  'float16_vector',
  'bfloat16_vector',
  'int8_vector',
  'sparse',
]);

/** The members an Array's elements travel in (a ScalarField's). */
export type ElementKind = Extract<Kind, 'bool' | 'int' | 'long' | 'float' | 'double' | 'string'>;

const ELEMENT_KINDS: ReadonlySet<Kind> = new Set<ElementKind>(['bool', 'int', 'long', 'float', 'double', 'string']);

/** The member an Array element type's values travel in; undefined for a type no Array holds (Text among them). */
export function elementKind(t: DataType): ElementKind | undefined {
  const kind = t === DataType.Text ? undefined : schemaKind(t);
  return kind !== undefined && ELEMENT_KINDS.has(kind) ? (kind as ElementKind) : undefined;
}
