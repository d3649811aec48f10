// The float16/bfloat16 codec (src/data/half-floats.ts): known bit patterns both ways, every one of
// the 65536 patterns through a round trip, float16's round-to-nearest-even (normal, subnormal,
// overflow) against bfloat16's truncation, and the little-endian byte forms the wire carries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeHalfFloats,
  encodeHalfFloats,
  fromBFloat16Bits,
  fromFloat16Bits,
  halfBitsAt,
  isFiniteHalf,
  toBFloat16Bits,
  toFloat16Bits,
} from '../../src/data/index.js';

const isNaNBits = (bits: number, expMask: number) => (bits & expMask) === expMask && (bits & ~expMask & 0x7fff) !== 0;

test('float16: known values decode exactly, signed zero, subnormals, Inf and NaN included', () => {
  const cases: [number, number][] = [
    [0x0000, 0],
    [0x3c00, 1],
    [0xc000, -2],
    [0x3555, 0.333251953125],
    [0x7bff, 65504],
    [0x0400, 2 ** -14],
    [0x0001, 2 ** -24],
    [0x03ff, 1023 * 2 ** -24],
    [0x8001, -(2 ** -24)],
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
  ];
  for (const [bits, value] of cases) assert.equal(fromFloat16Bits(bits), value, bits.toString(16));
  assert.ok(Object.is(fromFloat16Bits(0x8000), -0));
  for (const bits of [0x7e00, 0x7c01, 0xfe00, 0x7fff]) assert.ok(Number.isNaN(fromFloat16Bits(bits)), bits.toString(16));
});

test('float16: every pattern round-trips, and the positive ones decode in increasing order', () => {
  for (let bits = 0; bits < 0x10000; bits++) {
    const back = toFloat16Bits(fromFloat16Bits(bits));
    if (isNaNBits(bits, 0x7c00)) assert.ok(isNaNBits(back, 0x7c00), `NaN ${bits.toString(16)} -> ${back.toString(16)}`);
    else assert.equal(back, bits, bits.toString(16));
  }
  for (let bits = 1; bits <= 0x7c00; bits++) assert.ok(fromFloat16Bits(bits) > fromFloat16Bits(bits - 1), bits.toString(16));
});

test('float16: rounds to nearest, ties to even, into subnormals and up to Inf', () => {
  const cases: [number, number][] = [
    [1 + 2 ** -11, 0x3c00], // a tie: stays at the even 1.0
    [1 + 3 * 2 ** -11, 0x3c02], // a tie: up to the even neighbour
    [1 + 2 ** -11 + 2 ** -20, 0x3c01], // above the tie
    [65519, 0x7bff],
    [65520, 0x7c00], // the tie above the largest float16 rounds to Inf
    [1e6, 0x7c00],
    [-1e6, 0xfc00],
    [2 ** -25, 0x0000], // half the smallest subnormal: a tie, to the even zero
    [2 ** -25 * (1 + 2 ** -10), 0x0001],
    [3 * 2 ** -25, 0x0002],
    [1023.5 * 2 ** -24, 0x0400], // the largest subnormal rounds up into the normals
    [2 ** -26, 0x0000],
    [-(2 ** -26), 0x8000],
    [-0, 0x8000],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
  ];
  for (const [value, bits] of cases) assert.equal(toFloat16Bits(value), bits, String(value));
  assert.ok(isNaNBits(toFloat16Bits(NaN), 0x7c00));
});

test('bfloat16: the upper half of the float32, truncated; every pattern round-trips', () => {
  assert.equal(toBFloat16Bits(1), 0x3f80);
  assert.equal(toBFloat16Bits(1 + 2 ** -7), 0x3f81);
  assert.equal(toBFloat16Bits(1 + 2 ** -8 + 2 ** -9), 0x3f80); // rounding would give 0x3f81
  assert.equal(toBFloat16Bits(-1.9999), 0xbfff);
  assert.equal(toBFloat16Bits(Infinity), 0x7f80);
  assert.equal(toBFloat16Bits(-Infinity), 0xff80);
  assert.ok(isNaNBits(toBFloat16Bits(NaN), 0x7f80));
  assert.equal(fromBFloat16Bits(0x3f80), 1);
  assert.equal(fromBFloat16Bits(0xc0490000 >>> 16), -3.140625);
  assert.equal(fromBFloat16Bits(0x0001), 2 ** -133); // the smallest subnormal
  assert.equal(fromBFloat16Bits(0x8001), -(2 ** -133));
  assert.ok(Object.is(fromBFloat16Bits(0x8000), -0));
  assert.equal(fromBFloat16Bits(0x7f80), Infinity);
  assert.ok(Number.isNaN(fromBFloat16Bits(0x7fc0)));
  for (let bits = 0; bits < 0x10000; bits++) {
    const back = toBFloat16Bits(fromBFloat16Bits(bits));
    if (isNaNBits(bits, 0x7f80)) assert.ok(isNaNBits(back, 0x7f80), `NaN ${bits.toString(16)}`);
    else assert.equal(back, bits, bits.toString(16));
  }
});

test('finite checks: an all-ones exponent is Inf or NaN in each format', () => {
  assert.ok(isFiniteHalf(0x7bff, 'float16'));
  assert.ok(!isFiniteHalf(0x7c00, 'float16'));
  assert.ok(!isFiniteHalf(0xfe00, 'float16'));
  assert.ok(isFiniteHalf(0x7c00, 'bfloat16')); // float16's Inf is an ordinary bfloat16
  assert.ok(isFiniteHalf(0x7f7f, 'bfloat16'));
  assert.ok(!isFiniteHalf(0x7f80, 'bfloat16'));
  assert.ok(!isFiniteHalf(0xffc1, 'bfloat16'));
});

test('arrays: little-endian bytes, two per value, decoded back as float32 (a trailing odd byte ignored)', () => {
  assert.deepEqual(encodeHalfFloats([1, -2, 65504], 'float16'), Uint8Array.of(0x00, 0x3c, 0x00, 0xc0, 0xff, 0x7b));
  assert.deepEqual(encodeHalfFloats(Float32Array.of(1, -3.140625), 'bfloat16'), Uint8Array.of(0x80, 0x3f, 0x49, 0xc0));
  const values = [0, -0.5, 0.1, 2 ** -20, 1234.5, -65504];
  for (const format of ['float16', 'bfloat16'] as const) {
    const bytes = encodeHalfFloats(values, format);
    assert.equal(bytes.length, values.length * 2);
    const back = decodeHalfFloats(bytes, format);
    assert.ok(back instanceof Float32Array);
    const decode = format === 'float16' ? fromFloat16Bits : fromBFloat16Bits;
    assert.deepEqual(
      Array.from(back),
      values.map((_, i) => decode(halfBitsAt(bytes, i))),
    );
    assert.deepEqual(decodeHalfFloats(encodeHalfFloats(back, format), format), back); // decoded values are exact
    // at an odd offset of a larger buffer, with one byte left over
    const padded = new Uint8Array(bytes.length + 2);
    padded.set(bytes, 1);
    assert.deepEqual(decodeHalfFloats(padded.subarray(1, bytes.length + 2), format), back);
  }
  assert.equal(fromFloat16Bits(halfBitsAt(encodeHalfFloats([0.1], 'float16'), 0)), 0.0999755859375);
});
