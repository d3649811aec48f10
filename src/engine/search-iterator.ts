// Search iterator v2 (`iterator` + `search_iter_v2` in search_params), as the Node SDK's
// searchIterator and pymilvus's search_iterator drive it: each call returns the next
// `search_iter_batch_size` hits after `search_iter_last_bound`, and the reply carries
// `search_iterator_v2_results{token, last_bound}` for the next call.
//
// Milvus 2.6 (internal/proxy/search_util.go parseSearchIteratorV2Info, task_search.go
// getLastBound, core/src/query/CachedSearchIterator.h IsValid): the token is a UUID made on the
// first call and sent back unchanged; a hit is eligible when its distance is strictly worse than
// the last bound; the new last bound is the page's last score, else the incoming bound, else
// +MaxFloat32 for similarities and -MaxFloat32 for distances. Milvus's strict bound loses rows
// whose score equals the bound but did not fit in the page; here the server also remembers, per
// token, the primary key of the page's last hit, and hits tied with the bound come in key order
// after it, so every row is returned exactly once. Without that memory (an unknown token, or a
// bound that is not the one this server handed out) the strict Milvus rule applies.
import { randomUUID } from 'node:crypto';
import { searchIteratorErrors } from '../errors.js';
import type { CollectionData, PrimaryKey, RowRef } from './collection-data.js';
import type { IteratorRequest } from './search-request.js';
import { comparePk, pkOf, walkHits } from './ordered-hits.js';
import { ascending, type Hits, type VectorSearch } from './vector-search.js';

export interface IteratorPage {
  hits: Hits[];
  token: string;
  lastBound: number;
}

const MAX_FLOAT32 = 3.4028234663852886e38;
const UUID = /^(urn:uuid:)?\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;
const MAX_REMEMBERED = 4096;

interface Cursor {
  collectionId: number;
  bound: number;
  lastPk: PrimaryKey;
}

/** Where each live iterator stopped, by token; the oldest are forgotten first. */
const cursors = new Map<string, Cursor>();

function remember(token: string, cursor: Cursor): void {
  cursors.delete(token);
  cursors.set(token, cursor);
  if (cursors.size > MAX_REMEMBERED) cursors.delete(cursors.keys().next().value!);
}

/** parseSearchIteratorV2Info's token check. */
export function checkIteratorToken(token: string | undefined): void {
  if (token && !UUID.test(token)) throw searchIteratorErrors.tokenFormat();
}

/** The next page of a search iterator over `search` (nq 1; with nq > 1 each query pages alike). */
export function searchIteratorPage(data: CollectionData, collectionId: number, search: VectorSearch, it: IteratorRequest): IteratorPage {
  checkIteratorToken(it.token);
  const token = it.token || randomUUID();
  const asc = ascending(search.metric);
  const bound = it.lastBound === undefined ? undefined : Math.fround(it.lastBound);
  const cursor = token ? cursors.get(token) : undefined;
  const lastPk = cursor && bound !== undefined && cursor.collectionId === collectionId && cursor.bound === bound ? cursor.lastPk : undefined;

  // Let the exact search skip what lies before the bound (with a margin wider than one float32
  // step, so rows tied with the bound in float32 stay in); the walk below applies it exactly.
  let windowed = search;
  if (bound !== undefined) {
    const margin = Math.max(Math.abs(bound) * 1e-6, 1e-30);
    if (asc) {
      const low = Math.max(search.rangeFilter ?? -Infinity, bound - margin);
      windowed = { ...search, radius: search.radius ?? Infinity, rangeFilter: low };
    } else {
      const high = Math.min(search.rangeFilter ?? Infinity, bound + margin);
      windowed = { ...search, radius: search.radius ?? -Infinity, rangeFilter: high };
    }
  }

  const pages = search.queries.map((query) => {
    const refs: RowRef[] = [];
    const scores: number[] = [];
    if (it.batchSize <= 0) return { refs, scores };
    walkHits(data, { ...windowed, queries: [query] }, it.batchSize + 1, (ref, score) => {
      if (bound !== undefined) {
        if (asc ? score < bound : score > bound) return true;
        if (score === bound && (lastPk === undefined || comparePk(pkOf(ref), lastPk) <= 0)) return true;
      }
      refs.push(ref);
      scores.push(score);
      return refs.length < it.batchSize;
    });
    return { refs, scores };
  });

  const single = pages.length === 1 ? pages[0]! : undefined;
  let lastBound: number;
  if (single && single.refs.length > 0) {
    lastBound = single.scores[single.scores.length - 1]!;
    remember(token, { collectionId, bound: lastBound, lastPk: pkOf(single.refs[single.refs.length - 1]!) });
  } else if (bound !== undefined) {
    lastBound = bound;
  } else {
    lastBound = asc ? -MAX_FLOAT32 : MAX_FLOAT32;
  }
  return { hits: pages, token, lastBound };
}
