// `ignore_growing` of a Search's search_params, a HybridSearch's rank_params or sub-request's
// search_params, and a Query's query_params: read rows of sealed segments only. Milvus 2.6 reads
// it with Go's strconv.ParseBool (internal/proxy isIgnoreGrowing); absent means false.
import { parseGoBool } from '../catalog/index.js';
import { ignoreGrowingInvalid } from '../errors.js';

export function ignoreGrowingParam(params: ReadonlyMap<string, string>): boolean {
  const raw = params.get('ignore_growing');
  if (raw === undefined) return false;
  const value = parseGoBool(raw);
  if (value === undefined) throw ignoreGrowingInvalid();
  return value;
}
