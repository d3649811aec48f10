// The NaN/Inf checks on float values of an insert (pkg/util/typeutil: VerifyFloats32/VerifyFloats64
// for Float, Double and FloatVector values, VerifyFloats16 and VerifyBFloats16 for the two-byte
// vectors), with Milvus's texts (errors.ts, rowDataErrors): a NaN or Inf would poison every distance
// computed with it.
import { rowDataErrors as E } from '../errors.js';
import { halfBitsAt, isFiniteHalf } from './half-floats.js';

/** Throws for the first NaN or infinite value. */
export function verifyFloats(values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw E.notANumber(v);
  }
}

/** Throws for an odd byte count, then for the first float16 (bfloat16 when `brain`) NaN or Inf. */
export function verifyFloat16(bytes: Uint8Array, brain: boolean): void {
  if (bytes.length % 2 !== 0) throw brain ? E.bfloat16Odd() : E.float16Odd();
  const format = brain ? 'bfloat16' : 'float16';
  for (let i = 0; i < bytes.length / 2; i++) {
    if (!isFiniteHalf(halfBitsAt(bytes, i), format)) throw brain ? E.bfloat16NaN() : E.float16NaN();
  }
}
