// parseGroupByInfo (Milvus 2.6 internal/proxy/search_util.go): the grouping keys of a Search's
// search_params, which a HybridSearch's rank_params carry too: `group_by_field`, `group_size`
// (default 1, strconv.ParseInt), `strict_group_size` (Go ParseBool; anything else is false).
import { parseGoBool } from '../catalog/index.js';
import type { GroupByRequest } from '../engine/index.js';
import { groupByErrors } from '../errors.js';
import { goInt } from './request-params.js';

/** parseGroupByInfo: the group-by of search_params (or of rank_params); undefined without `group_by_field`. */
export function groupByParams(params: ReadonlyMap<string, string>): GroupByRequest | undefined {
  const field = params.get('group_by_field');
  if (!field) return undefined;
  let groupSize = 1;
  const sizeRaw = params.get('group_size');
  if (sizeRaw !== undefined) {
    const parsed = goInt(sizeRaw);
    if (parsed === undefined) throw groupByErrors.groupSizeUnparsable(sizeRaw);
    groupSize = parsed;
  }
  const strict = parseGoBool(params.get('strict_group_size') ?? '') ?? false;
  return { field, groupSize, strictGroupSize: strict };
}
