// Float16 (IEEE 754 binary16) and BFloat16 (the upper half of a float32) values, as Milvus carries
// them: two bytes each, little-endian (schemapb.VectorField float16_vector / bfloat16_vector;
// pkg/util/typeutil reads them with binary.LittleEndian.Uint16). The one codec for the engine
// (widening vectors to float32 for search), the client (the official Node SDK's conversions) and
// the validator (NaN/Inf checks).
//
// Encoding follows the SDK: float16 rounds to nearest, ties to even (through float32 first, as the
// SDK's Float32Array does); bfloat16 keeps the upper 16 bits of the float32 (truncation, no
// rounding). Decoding is exact: every half value is a float32 value.

/** A two-byte float format. */
export type HalfFloatFormat = 'float16' | 'bfloat16';

/** The exponent bits of each format: all set means Inf or NaN. */
const EXPONENT_MASK: Record<HalfFloatFormat, number> = { float16: 0x7c00, bfloat16: 0x7f80 };

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float16 bits of a number, rounded to nearest even (NaN stays a quiet NaN, overflow is Inf). */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // a float16 subnormal (or zero): the implicit bit joins the mantissa, shifted out by the exponent's deficit
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && half & 1)) half++;
    return sign | half;
  }
  // a carry out of the mantissa rounds into the exponent, up to Inf: the bit layout makes that right
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  return sign | half;
}

/** The value of float16 bits. */
export function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** The bfloat16 bits of a number: its float32's upper half (truncated, as the SDK does). */
export function toBFloat16Bits(value: number): number {
  f32[0] = value;
  return u32[0]! >>> 16;
}

/** The value of bfloat16 bits. */
export function fromBFloat16Bits(bits: number): number {
  u32[0] = bits << 16;
  return f32[0]!;
}

/** The `i`th two-byte value of little-endian bytes. */
export function halfBitsAt(bytes: Uint8Array, i: number): number {
  return bytes[i * 2]! | (bytes[i * 2 + 1]! << 8);
}

/** Whether half bits hold a finite value (neither Inf nor NaN). */
export function isFiniteHalf(bits: number, format: HalfFloatFormat): boolean {
  const exp = EXPONENT_MASK[format];
  return (bits & exp) !== exp;
}

/** Little-endian bytes of the values in `format`, two per value. */
export function encodeHalfFloats(values: ArrayLike<number>, format: HalfFloatFormat): Uint8Array {
  const encode = format === 'float16' ? toFloat16Bits : toBFloat16Bits;
  const out = new Uint8Array(values.length * 2);
  for (let i = 0; i < values.length; i++) {
    const bits = encode(values[i]!);
    out[i * 2] = bits & 0xff;
    out[i * 2 + 1] = bits >>> 8;
  }
  return out;
}

/** The values of little-endian `format` bytes as float32s (a trailing odd byte is no value). */
export function decodeHalfFloats(bytes: Uint8Array, format: HalfFloatFormat): Float32Array {
  const decode = format === 'float16' ? fromFloat16Bits : fromBFloat16Bits;
  const out = new Float32Array(bytes.length >>> 1);
  for (let i = 0; i < out.length; i++) out[i] = decode(halfBitsAt(bytes, i));
  return out;
}
