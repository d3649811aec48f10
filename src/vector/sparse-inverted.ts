// The inverted index for sparse vectors (SPARSE_INVERTED_INDEX, SPARSE_WAND), IP metric: per
// dimension, the rows that have it and their values. A query walks only the posting lists of
// its own non-zero dimensions and accumulates each touched row's dot product, so its cost is the
// postings it reads, not the segment's rows. The answer is exact (the same as a full scan).
//
// Built in memory from the segment's rows when the segment is indexed: O(non-zeros), fast enough
// not to need a file (docs/index-format.md).

/** One sparse vector: its non-zero dimensions, ascending, and their values. The same shape as
 * data's SparseRow, declared here because the vector kernel imports nothing of the engine. */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

export interface SparseHits {
  rows: Uint32Array;
  scores: Float32Array;
}

export class SparseInvertedIndex {
  /** Dimension -> [start, end) into postingRows / postingValues. */
  private readonly spans = new Map<number, { start: number; end: number }>();
  private readonly postingRows: Uint32Array;
  private readonly postingValues: Float32Array;
  /** Per-row score accumulator, reused across queries (zeroed on the touched rows only). */
  private readonly scores: Float32Array;
  private readonly touched: Uint32Array;
  /** The query that last touched each row: a row's first touch per query is one comparison. */
  private readonly mark: Uint32Array;
  private epoch = 0;

  constructor(readonly rows: readonly SparseVector[]) {
    const counts = new Map<number, number>();
    let total = 0;
    for (const row of rows) {
      for (const d of row.indices) counts.set(d, (counts.get(d) ?? 0) + 1);
      total += row.indices.length;
    }
    let at = 0;
    for (const [d, n] of counts) {
      this.spans.set(d, { start: at, end: at });
      at += n;
    }
    this.postingRows = new Uint32Array(total);
    this.postingValues = new Float32Array(total);
    rows.forEach((row, r) => {
      for (let i = 0; i < row.indices.length; i++) {
        const span = this.spans.get(row.indices[i]!)!;
        this.postingRows[span.end] = r;
        this.postingValues[span.end] = row.values[i]!;
        span.end++;
      }
    });
    this.scores = new Float32Array(rows.length);
    this.touched = new Uint32Array(rows.length);
    this.mark = new Uint32Array(rows.length);
  }

  get memoryBytes(): number {
    return (
      this.postingRows.byteLength +
      this.postingValues.byteLength +
      this.scores.byteLength +
      this.touched.byteLength +
      this.mark.byteLength +
      this.spans.size * 64
    );
  }

  /**
   * The k rows with the largest dot product with `query` that `skip` (1 = leave out) keeps.
   * Rows sharing no dimension with the query score 0 and are not returned, as in Milvus.
   */
  search(query: SparseVector, k: number, skip?: Uint8Array): SparseHits {
    let touchedCount = 0;
    const { scores, touched, mark } = this;
    if (++this.epoch === 0xffffffff) {
      mark.fill(0);
      this.epoch = 1;
    }
    const epoch = this.epoch;
    for (let i = 0; i < query.indices.length; i++) {
      const span = this.spans.get(query.indices[i]!);
      if (!span) continue;
      const weight = query.values[i]!;
      for (let p = span.start; p < span.end; p++) {
        const row = this.postingRows[p]!;
        if (skip && skip[row]) continue;
        if (mark[row] !== epoch) {
          mark[row] = epoch;
          touched[touchedCount++] = row;
        }
        scores[row] += weight * this.postingValues[p]!;
      }
    }
    // Best k of the touched rows: a small insertion-sorted buffer (k is small next to touched).
    const limit = Math.min(k, touchedCount);
    const bestRows = new Uint32Array(limit);
    const bestScores = new Float32Array(limit);
    let filled = 0;
    for (let t = 0; t < touchedCount; t++) {
      const row = touched[t]!;
      const s = scores[row]!;
      scores[row] = 0;
      if (filled === limit && s <= bestScores[limit - 1]!) continue;
      let i = filled < limit ? filled++ : limit - 1;
      while (i > 0 && bestScores[i - 1]! < s) {
        bestScores[i] = bestScores[i - 1]!;
        bestRows[i] = bestRows[i - 1]!;
        i--;
      }
      bestScores[i] = s;
      bestRows[i] = row;
    }
    return { rows: bestRows.subarray(0, filled), scores: bestScores.subarray(0, filled) };
  }
}
