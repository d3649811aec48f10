// Search of one sealed segment through its index, for every query of a request.
//
// Filtered search is planned per segment from how many rows pass (the filter is evaluated once
// per segment, not per query):
//   - none pass: nothing to do;
//   - few pass: an exact scan of just those rows (the kernel's SIMD scan over a row list), which
//     is exact and costs one distance per passing row;
//   - many pass: the graph walk with a skip map; rejected rows are walked through (so the graph
//     stays connected) but never returned, and the walk goes on until it holds ef passing rows.
// "Few" is a cost model: a filtered walk at selectivity s visits about ef/s nodes of 2M links
// each, an exact scan s*n rows; the scan wins while s*n < sqrt(ef * 2M * n). Both answers are
// correct; the model only picks the cheaper one (docs/decisions/0001-vector-index-engine.md).
import { MAX_NLIST, type IndexRecord } from '../catalog/index.js';
import type { FieldSchema } from '../catalog/index.js';
import { searchErrors } from '../errors.js';
import { MAX_EF, toScore } from '../vector/index.js';
import type { SparseRow } from '../data/index.js';
import type { RowRef } from './collection-data.js';
import { filterMask, invertMask, maskedRows } from './filter-rows.js';
import type { VectorSearch } from './vector-search.js';
import { DEFAULT_NPROBE, indexSpec, type SegmentIndex } from './segment-indexes.js';
import type { TopK } from './top-k.js';

/** HNSW's default search width when the request names none (knowhere's: max(k, 16)). */
export const DEFAULT_EF_FLOOR = 16;

/**
 * A search through `index` (the field's index, if it has one), with its `ef` checked as knowhere
 * checks it: a whole number in [1, MAX_EF], and at least the number of hits asked for (topk +
 * offset); `nprobe` in [1, MAX_NLIST] for IVF.
 */
export function planIndexedSearch(
  index: IndexRecord | undefined,
  field: FieldSchema,
  params: { ef?: number; nprobe?: number },
  limit: number,
): { index?: IndexRecord; ef?: number; nprobe?: number } {
  const { ef, nprobe } = params;
  if (!index) return {};
  const kind = indexSpec(index, field)?.kind;
  if (nprobe !== undefined && kind === 'ivf' && (!Number.isInteger(nprobe) || nprobe < 1 || nprobe > MAX_NLIST)) {
    throw searchErrors.nprobeOutOfRange(nprobe, MAX_NLIST);
  }
  if (ef !== undefined && kind === 'hnsw') {
    if (!Number.isInteger(ef) || ef < 1 || ef > MAX_EF) {
      throw searchErrors.efOutOfRange(ef, MAX_EF);
    }
    if (ef < limit) throw searchErrors.efBelowK(ef, limit);
  }
  return { index, ef, nprobe };
}

/**
 * Rows an unfiltered-style search of the segment reads, against which an exact scan of the rows
 * a filter passes is weighed: a filtered graph walk at selectivity s costs about ef/s nodes of
 * 2M links, so the scan wins while s*n < sqrt(ef * 2M * n); IVF reads nprobe/nlist of the rows
 * whatever passes; FLAT reads them all, so the passing rows alone are always cheaper.
 */
export function scanBudget(slot: SegmentIndex, rows: number, ef: number, nprobe: number): number {
  if (slot.ivf) return (rows * Math.min(nprobe, slot.ivf.nlist)) / slot.ivf.nlist;
  if (slot.index?.kind === 'hnsw') return Math.sqrt(ef * 2 * slot.index.M * rows);
  return Infinity;
}

export function searchIndexedSegment(slot: SegmentIndex, req: VectorSearch, heaps: TopK<RowRef>[]): void {
  if (slot.sparse) return searchSparseSegment(slot, req, heaps);
  const { batch } = slot;
  const index = slot.index!;
  const k = req.limit;
  const ef = Math.max(req.ef ?? Math.max(k, DEFAULT_EF_FLOOR), k);
  const nprobe = req.nprobe ?? DEFAULT_NPROBE;
  const graph = index.kind === 'hnsw';
  slot.searches++;
  let rows: Uint32Array | undefined;
  let useSkip = false;
  if (req.filter) {
    // The pass mask is written straight into the index's skip map, then turned into what the
    // plan needs: a row list for a scan, or (inverted) the skip map of a graph walk.
    const skip = index.skipMap();
    slot.skipVersion = -1;
    const count = filterMask(batch, { predicate: req.filter, columnar: req.columnar }, skip);
    if (count === 0) return;
    if (count === batch.numRows) {
      // Everything passes: an unfiltered search.
    } else if (count <= scanBudget(slot, batch.numRows, ef, nprobe)) {
      rows = maskedRows(skip, count);
    } else {
      invertMask(skip);
      useSkip = true;
    }
  } else if (batch.liveRows < batch.numRows) {
    // Deleted rows: the skip map mirrors the batch's deletion mask, copied when it changed.
    if (slot.skipVersion !== batch.deletedVersion) {
      index.skipMap().set(batch.deleted);
      slot.skipVersion = batch.deletedVersion;
    }
    useSkip = true;
  }
  req.queries.forEach((query, qi) => {
    const q = query as Float32Array;
    const found = rows
      ? index.exact(q, k, false, rows)
      : slot.ivf
        ? index.exact(q, k, useSkip, slot.ivf.probe(q, nprobe))
        : graph
          ? index.search(q, k, ef, useSkip)
          : index.exact(q, k, useSkip);
    const heap = heaps[qi]!;
    for (let i = 0; i < found.rows.length; i++) {
      const score = toScore(index.metric, found.distances[i]!);
      if (heap.accepts(score)) heap.push(score, { batch, row: found.rows[i]! });
    }
  });
}

/** A segment's sparse inverted index: the skip map is the deletion mask, or the filter's rejects. */
function searchSparseSegment(slot: SegmentIndex, req: VectorSearch, heaps: TopK<RowRef>[]): void {
  const { batch } = slot;
  const sparse = slot.sparse!;
  slot.searches++;
  let skip: Uint8Array | undefined = batch.liveRows < batch.numRows ? batch.deleted : undefined;
  if (req.filter) {
    skip = new Uint8Array(batch.numRows);
    if (filterMask(batch, { predicate: req.filter, columnar: req.columnar }, skip) === 0) return;
    invertMask(skip);
  }
  req.queries.forEach((query, qi) => {
    const found = sparse.search(query as SparseRow, req.limit, skip);
    const heap = heaps[qi]!;
    for (let i = 0; i < found.rows.length; i++) {
      const score = found.scores[i]!;
      if (heap.accepts(score)) heap.push(score, { batch, row: found.rows[i]! });
    }
  });
}
