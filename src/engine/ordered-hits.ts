// Hits in Milvus's reduce order: best float32 score first, ties by the smaller primary key
// (proxy `selectHighestScoreIndex`). Scores travel as float32, so two rows whose float64
// scores differ but round to the same float32 are a tie on the wire; ordering by the rounded
// score keeps every reader of the reply (iterators, rankers, grouping) consistent with it.
import type { CollectionData, PrimaryKey, RowRef } from './collection-data.js';
import { searchExact } from './search.js';
import { ascending, type Hits, type VectorSearch } from './vector-search.js';

const f32 = Math.fround;

export function pkOf(ref: RowRef): PrimaryKey {
  return ref.batch.pks[ref.row]!;
}

export function comparePk(a: PrimaryKey, b: PrimaryKey): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `hits` re-sorted in reduce order, scores rounded to float32. */
export function reduceOrder(hits: Hits, asc: boolean): Hits {
  const order = hits.refs.map((_, i) => i);
  const scores = hits.scores.map(f32);
  order.sort((i, j) => {
    const d = asc ? scores[i]! - scores[j]! : scores[j]! - scores[i]!;
    return d !== 0 ? d : comparePk(pkOf(hits.refs[i]!), pkOf(hits.refs[j]!));
  });
  return { refs: order.map((i) => hits.refs[i]!), scores: order.map((i) => scores[i]!) };
}

/**
 * Walks the hits of one query (`search.queries` holds exactly one vector) in reduce order,
 * calling `visit` until it returns false or the hits run out. It asks the exact search for a
 * window of the best rows and widens it only when the walk reaches the window's end, so a walk
 * that stops early costs one bounded search. Rows whose float32 score equals the window's last
 * one are not visited until the window is widened: rows just outside it may share that score.
 */
export function walkHits(data: CollectionData, search: VectorSearch, firstWindow: number, visit: (ref: RowRef, score: number) => boolean): void {
  const asc = ascending(search.metric);
  let window = Math.max(1, firstWindow);
  let visited = 0;
  for (;;) {
    const raw = searchExact(data, { ...search, limit: window })[0] ?? { refs: [], scores: [] };
    const hits = reduceOrder(raw, asc);
    const full = hits.refs.length >= window && window < data.rowCount;
    let end = hits.refs.length;
    if (full) {
      const last = hits.scores[end - 1]!;
      while (end > 0 && hits.scores[end - 1] === last) end--;
    }
    for (; visited < end; visited++) {
      if (!visit(hits.refs[visited]!, hits.scores[visited]!)) return;
    }
    if (!full) return;
    window = Math.min(window * 4, Math.max(data.rowCount, 1));
  }
}
