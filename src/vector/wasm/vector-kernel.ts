// The vector kernel: HNSW graph build and search, and exact top-k scans, over float32 vectors in
// this module's linear memory, with 128-bit SIMD distances. AssemblyScript, compiled to
// WebAssembly by `npm run build` (asc; no native toolchain): the hot loops of approximate search
// cannot be made fast enough in JavaScript (docs/decisions/0001-vector-index-engine.md).
//
// The module owns no allocator. The host (src/vector/kernel.ts) lays out one memory per index
// and writes the layout into the header at HEADER (docs/index-format.md); `attach` reads it.
// All addresses are byte offsets into the imported memory.
//
// Distances: L2 is the squared Euclidean distance; IP is the negated dot product, so smaller is
// better for every metric. COSINE keeps the rows as inserted (the engine's column can then share
// this memory) with one inverse norm per row, and the host normalises the query.

const HEADER: usize = 1024;

// Header slots, u32 each (keep in step with src/vector/kernel.ts).
const H_NODES = 0;
const H_DIM = 1;
const H_METRIC = 2; // 0 = L2, 1 = IP, 2 = COSINE
const H_M = 3;
const H_M0 = 4;
const H_ENTRY = 5;
const H_MAX_LEVEL = 6; // -1 while the graph is empty
const H_VECTORS = 7;
const H_LEVELS = 8;
const H_UPPER_OFFSETS = 9;
const H_LAYER0 = 10;
const H_UPPER = 11;
const H_VISITED = 12;
const H_SKIP = 13;
const H_CANDIDATES = 14;
const H_RESULTS = 15;
const H_SCRATCH = 16;
const H_QUERY = 17;
const H_OUT = 18;
const H_OUT_CAPACITY = 19;
const H_RESULT_CAPACITY = 20;
const H_INVERSE_NORMS = 21;

let nodes: u32 = 0;
let dim: u32 = 0;
let metric: u32 = 0;
let M: u32 = 0;
let M0: u32 = 0;
let vectors: usize = 0;
let rowBytes: usize = 0;
let inverseNorms: usize = 0;
let levels: usize = 0;
let upperOffsets: usize = 0;
let layer0: usize = 0;
let upper: usize = 0;
let visited: usize = 0;
let skip: usize = 0;
let candidates: usize = 0;
let results: usize = 0;
let scratch: usize = 0;
let query: usize = 0;
let out: usize = 0;
let outCapacity: u32 = 0;
let resultCapacity: u32 = 0;
let tag: u32 = 0;

let candidateCount: u32 = 0;
let resultCount: u32 = 0;

@inline function header(slot: i32): u32 {
  return load<u32>(HEADER + (<usize>slot << 2));
}

/** Reads the layout the host wrote into the header. Call after every (re)initialisation. */
export function attach(): void {
  nodes = header(H_NODES);
  dim = header(H_DIM);
  metric = header(H_METRIC);
  M = header(H_M);
  M0 = header(H_M0);
  vectors = header(H_VECTORS);
  rowBytes = <usize>dim << 2;
  inverseNorms = header(H_INVERSE_NORMS);
  levels = header(H_LEVELS);
  upperOffsets = header(H_UPPER_OFFSETS);
  layer0 = header(H_LAYER0);
  upper = header(H_UPPER);
  visited = header(H_VISITED);
  skip = header(H_SKIP);
  candidates = header(H_CANDIDATES);
  results = header(H_RESULTS);
  scratch = header(H_SCRATCH);
  query = header(H_QUERY);
  out = header(H_OUT);
  outCapacity = header(H_OUT_CAPACITY);
  resultCapacity = header(H_RESULT_CAPACITY);
  tag = 0;
  memory.fill(visited, 0, <usize>nodes << 1);
}

// ---- distances -------------------------------------------------------------------------------

@inline function l2(a: usize, b: usize): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let s2 = f32x4.splat(0);
  let s3 = f32x4.splat(0);
  const bytes = rowBytes;
  let i: usize = 0;
  for (; i + 64 <= bytes; i += 64) {
    const d0 = f32x4.sub(v128.load(a + i), v128.load(b + i));
    const d1 = f32x4.sub(v128.load(a + i, 16), v128.load(b + i, 16));
    const d2 = f32x4.sub(v128.load(a + i, 32), v128.load(b + i, 32));
    const d3 = f32x4.sub(v128.load(a + i, 48), v128.load(b + i, 48));
    s0 = f32x4.add(s0, f32x4.mul(d0, d0));
    s1 = f32x4.add(s1, f32x4.mul(d1, d1));
    s2 = f32x4.add(s2, f32x4.mul(d2, d2));
    s3 = f32x4.add(s3, f32x4.mul(d3, d3));
  }
  for (; i + 16 <= bytes; i += 16) {
    const d = f32x4.sub(v128.load(a + i), v128.load(b + i));
    s0 = f32x4.add(s0, f32x4.mul(d, d));
  }
  const s = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
  let r = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
  for (; i < bytes; i += 4) {
    const d = load<f32>(a + i) - load<f32>(b + i);
    r += d * d;
  }
  return r;
}

@inline function negatedDot(a: usize, b: usize): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let s2 = f32x4.splat(0);
  let s3 = f32x4.splat(0);
  const bytes = rowBytes;
  let i: usize = 0;
  for (; i + 64 <= bytes; i += 64) {
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + i), v128.load(b + i)));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(a + i, 16), v128.load(b + i, 16)));
    s2 = f32x4.add(s2, f32x4.mul(v128.load(a + i, 32), v128.load(b + i, 32)));
    s3 = f32x4.add(s3, f32x4.mul(v128.load(a + i, 48), v128.load(b + i, 48)));
  }
  for (; i + 16 <= bytes; i += 16) {
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + i), v128.load(b + i)));
  }
  const s = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
  let r = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
  for (; i < bytes; i += 4) r += load<f32>(a + i) * load<f32>(b + i);
  return -r;
}

@inline function vectorOf(node: u32): usize {
  return vectors + <usize>node * rowBytes;
}

/**
 * The distance from the vector at `q` to row `node`. `qScale` is q's inverse norm for COSINE
 * (1 for a normalised query), unused by the other metrics.
 */
@inline function distanceTo(q: usize, qScale: f32, node: u32): f32 {
  if (metric == 0) return l2(q, vectorOf(node));
  const d = negatedDot(q, vectorOf(node));
  return metric == 1 ? d : d * qScale * load<f32>(inverseNorms + (<usize>node << 2));
}

@inline function scaleOf(node: u32): f32 {
  return metric == 2 ? load<f32>(inverseNorms + (<usize>node << 2)) : 1;
}

// ---- heaps of (distance, node) pairs, 8 bytes each -------------------------------------------
// The candidate heap is a min-heap (closest first); the result heap a max-heap (farthest first).

@inline function pairDistance(heap: usize, i: u32): f32 {
  return load<f32>(heap + (<usize>i << 3));
}

@inline function pairNode(heap: usize, i: u32): u32 {
  return load<u32>(heap + (<usize>i << 3), 4);
}

@inline function setPair(heap: usize, i: u32, d: f32, node: u32): void {
  const p = heap + (<usize>i << 3);
  store<f32>(p, d);
  store<u32>(p, node, 4);
}

/** Pushes onto a heap of `size` pairs; `max` orders it farthest first. Returns the new size. */
function heapPush(heap: usize, size: u32, d: f32, node: u32, max: bool): u32 {
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pd = pairDistance(heap, parent);
    if (max ? pd >= d : pd <= d) break;
    setPair(heap, i, pd, pairNode(heap, parent));
    i = parent;
  }
  setPair(heap, i, d, node);
  return size + 1;
}

/** Removes the top of a heap of `size` pairs. Returns the new size. */
function heapPop(heap: usize, size: u32, max: bool): u32 {
  const last = size - 1;
  if (last == 0) return 0;
  const d = pairDistance(heap, last);
  const node = pairNode(heap, last);
  let i: u32 = 0;
  for (;;) {
    const left = (i << 1) + 1;
    if (left >= last) break;
    let child = left;
    const right = left + 1;
    if (right < last) {
      const ld = pairDistance(heap, left);
      const rd = pairDistance(heap, right);
      if (max ? rd > ld : rd < ld) child = right;
    }
    const cd = pairDistance(heap, child);
    if (max ? cd <= d : cd >= d) break;
    setPair(heap, i, cd, pairNode(heap, child));
    i = child;
  }
  setPair(heap, i, d, node);
  return last;
}

// ---- graph -----------------------------------------------------------------------------------

/** The neighbour list of a node at a layer: a u32 count, then the node ids. */
@inline function linksOf(node: u32, layer: i32): usize {
  if (layer == 0) return layer0 + <usize>node * ((<usize>M0 + 1) << 2);
  return upper + <usize>load<u32>(upperOffsets + (<usize>node << 2)) + <usize>(layer - 1) * ((<usize>M + 1) << 2);
}

@inline function levelOf(node: u32): i32 {
  return <i32>load<u8>(levels + node);
}

function nextTag(): u32 {
  tag = (tag + 1) & 0xffff;
  if (tag == 0) {
    memory.fill(visited, 0, <usize>nodes << 1);
    tag = 1;
  }
  return tag;
}

/** Greedy descent on one layer from `start`: the closest node reachable by always improving. */
function greedy(q: usize, qs: f32, start: u32, layer: i32): u32 {
  let current = start;
  let best = distanceTo(q, qs, current);
  let changed = true;
  while (changed) {
    changed = false;
    const links = linksOf(current, layer);
    const count = load<u32>(links);
    for (let j: u32 = 0; j < count; j++) {
      const next = load<u32>(links + 4 + (<usize>j << 2));
      const d = distanceTo(q, qs, next);
      if (d < best) {
        best = d;
        current = next;
        changed = true;
      }
    }
  }
  return current;
}

/**
 * Best-first search of one layer from `start`, keeping the `ef` closest nodes in the result heap
 * (resultCount pairs). With `useSkip`, nodes marked in the skip map are still walked through (the
 * graph stays connected) but never become results: deleted rows and rows a filter rejects.
 */
function searchLayer(q: usize, qs: f32, start: u32, ef: u32, layer: i32, useSkip: bool): void {
  const t = nextTag();
  const stride = layer == 0 ? M0 : M;
  candidateCount = 0;
  resultCount = 0;
  const d0 = distanceTo(q, qs, start);
  store<u16>(visited + (<usize>start << 1), <u16>t);
  candidateCount = heapPush(candidates, candidateCount, d0, start, false);
  if (!useSkip || load<u8>(skip + start) == 0) resultCount = heapPush(results, resultCount, d0, start, true);
  let bound: f32 = resultCount > 0 ? d0 : f32.MAX_VALUE;
  while (candidateCount > 0) {
    const cd = pairDistance(candidates, 0);
    if (cd > bound && resultCount >= ef) break;
    const current = pairNode(candidates, 0);
    candidateCount = heapPop(candidates, candidateCount, false);
    const links = linksOf(current, layer);
    const count = min(load<u32>(links), stride);
    for (let j: u32 = 0; j < count; j++) {
      const next = load<u32>(links + 4 + (<usize>j << 2));
      const mark = visited + (<usize>next << 1);
      if (<u32>load<u16>(mark) == t) continue;
      store<u16>(mark, <u16>t);
      const d = distanceTo(q, qs, next);
      if (resultCount < ef || d < bound) {
        candidateCount = heapPush(candidates, candidateCount, d, next, false);
        if (!useSkip || load<u8>(skip + next) == 0) {
          resultCount = heapPush(results, resultCount, d, next, true);
          if (resultCount > ef) resultCount = heapPop(results, resultCount, true);
          bound = pairDistance(results, 0);
        }
      }
    }
  }
}

/** Moves the result heap into `scratch`, closest first. Returns how many. */
function drainResultsAscending(): u32 {
  const n = resultCount;
  let i = n;
  while (resultCount > 0) {
    i--;
    setPair(scratch, i, pairDistance(results, 0), pairNode(results, 0));
    resultCount = heapPop(results, resultCount, true);
  }
  return n;
}

/**
 * HNSW's neighbour selection heuristic: walk the candidates closest first and keep one only if
 * it is closer to the base than to every neighbour kept so far, which spreads the links over
 * directions instead of spending them all on one dense cluster. `list` holds `count` pairs
 * sorted closest first (distances to the base); the kept ones are compacted to its front.
 */
function selectNeighbours(list: usize, count: u32, limit: u32): u32 {
  if (count <= limit) return count;
  let kept: u32 = 0;
  for (let i: u32 = 0; i < count && kept < limit; i++) {
    const d = pairDistance(list, i);
    const node = pairNode(list, i);
    let good = true;
    const v = vectorOf(node);
    const vs = scaleOf(node);
    for (let j: u32 = 0; j < kept; j++) {
      if (distanceTo(v, vs, pairNode(list, j)) < d) {
        good = false;
        break;
      }
    }
    if (good) {
      setPair(list, kept, d, node);
      kept++;
    }
  }
  return kept;
}

/** Adds `node` to the links of `target` at a layer, re-selecting when the list is full. */
function linkBack(target: u32, node: u32, layer: i32, workspace: usize): void {
  const capacity = layer == 0 ? M0 : M;
  const links = linksOf(target, layer);
  const count = load<u32>(links);
  if (count < capacity) {
    store<u32>(links + 4 + (<usize>count << 2), node);
    store<u32>(links, count + 1);
    return;
  }
  // Full: the old links plus the new one, sorted by distance to target, then the heuristic.
  const base = vectorOf(target);
  const baseScale = scaleOf(target);
  let size: u32 = 0;
  for (let j: u32 = 0; j <= count; j++) {
    const other = j < count ? load<u32>(links + 4 + (<usize>j << 2)) : node;
    size = heapPush(workspace, size, distanceTo(base, baseScale, other), other, true);
  }
  const total = size;
  const sorted = workspace + ((<usize>total + 1) << 3);
  let i = total;
  while (size > 0) {
    i--;
    setPair(sorted, i, pairDistance(workspace, 0), pairNode(workspace, 0));
    size = heapPop(workspace, size, true);
  }
  const kept = selectNeighbours(sorted, total, capacity);
  for (let j: u32 = 0; j < kept; j++) store<u32>(links + 4 + (<usize>j << 2), pairNode(sorted, j));
  store<u32>(links, kept);
}

/**
 * Inserts rows [from, to) into the graph, in order. Levels were drawn by the host; the entry
 * point and top level live in the header, so a build can be resumed or run in slices.
 */
export function build(from: u32, to: u32, efConstruction: u32): void {
  let entry = header(H_ENTRY);
  let maxLevel = <i32>header(H_MAX_LEVEL);
  const workspace = scratch + ((<usize>efConstruction + 1) << 3);
  for (let node = from; node < to; node++) {
    const level = levelOf(node);
    store<u32>(linksOf(node, 0), 0);
    for (let l = 1; l <= level; l++) store<u32>(linksOf(node, l), 0);
    if (maxLevel < 0) {
      entry = node;
      maxLevel = level;
      continue;
    }
    const q = vectorOf(node);
    const qs = scaleOf(node);
    let current = entry;
    for (let l = maxLevel; l > level; l--) current = greedy(q, qs, current, l);
    for (let l = min(level, maxLevel); l >= 0; l--) {
      searchLayer(q, qs, current, efConstruction, l, false);
      const found = drainResultsAscending();
      current = pairNode(scratch, 0);
      const kept = selectNeighbours(scratch, found, M);
      const links = linksOf(node, l);
      for (let j: u32 = 0; j < kept; j++) store<u32>(links + 4 + (<usize>j << 2), pairNode(scratch, j));
      store<u32>(links, kept);
      for (let j: u32 = 0; j < kept; j++) linkBack(load<u32>(links + 4 + (<usize>j << 2)), node, l, workspace);
    }
    if (level > maxLevel) {
      maxLevel = level;
      entry = node;
    }
  }
  store<u32>(HEADER + (H_ENTRY << 2), entry);
  store<u32>(HEADER + (H_MAX_LEVEL << 2), <u32>maxLevel);
}

/** Writes up to `k` pairs of the result heap to `out` (ids, then distances), closest first. */
function emit(k: u32): u32 {
  while (resultCount > k) resultCount = heapPop(results, resultCount, true);
  const n = resultCount;
  const distances = out + (<usize>outCapacity << 2);
  let i = n;
  while (resultCount > 0) {
    i--;
    store<u32>(out + (<usize>i << 2), pairNode(results, 0));
    store<f32>(distances + (<usize>i << 2), pairDistance(results, 0));
    resultCount = heapPop(results, resultCount, true);
  }
  return n;
}

/**
 * Approximate k nearest rows to the query at `query`: greedy descent through the upper layers,
 * then a best-first search of layer 0 with `ef` results (at least k). `useSkip` leaves out rows
 * marked in the skip map. Returns how many hits were written to `out`.
 */
export function search(k: u32, ef: u32, useSkip: u32): u32 {
  const maxLevel = <i32>header(H_MAX_LEVEL);
  if (maxLevel < 0 || nodes == 0) return 0;
  let current = header(H_ENTRY);
  for (let l = maxLevel; l > 0; l--) current = greedy(query, 1, current, l);
  const width = min(max(ef, k), resultCapacity - 1);
  searchLayer(query, 1, current, width, 0, useSkip != 0);
  return emit(min(k, outCapacity));
}

/**
 * Exact k nearest among every row, or only the `count` rows listed at `rows` (u32 ids) when
 * rows != 0; with useSkip, rows marked in the skip map are left out either way. Returns how many
 * hits were written to `out`.
 */
export function exact(k: u32, useSkip: u32, rows: usize, count: u32): u32 {
  const limit = min(k, min(outCapacity, resultCapacity - 1));
  resultCount = 0;
  if (limit == 0) return 0;
  let bound: f32 = f32.MAX_VALUE;
  const total = rows != 0 ? count : nodes;
  for (let i: u32 = 0; i < total; i++) {
    const node = rows != 0 ? load<u32>(rows + (<usize>i << 2)) : i;
    if (useSkip != 0 && load<u8>(skip + node) != 0) continue;
    const d = distanceTo(query, 1, node);
    if (resultCount < limit) {
      resultCount = heapPush(results, resultCount, d, node, true);
      bound = pairDistance(results, 0);
    } else if (d < bound) {
      resultCount = heapPop(results, resultCount, true);
      resultCount = heapPush(results, resultCount, d, node, true);
      bound = pairDistance(results, 0);
    }
  }
  return emit(limit);
}
