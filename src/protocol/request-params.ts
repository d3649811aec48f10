// The parameters of a search or query as Milvus sends them: key/value lists, integers in
// strings, a JSON `params`, and query vectors in a serialized PlaceholderGroup. Search and each
// sub-request of HybridSearch are read by the same code.
import type { SearchRequest } from '../engine/data-requests.js';
import { invalidParameter } from '../errors.js';
import { CONVERSION, protoRoot } from './descriptors.js';
import type { Request } from './handler.js';
import { decodeTemplates } from './templates.js';

const PlaceholderGroup = protoRoot.lookupType('milvus.proto.common.PlaceholderGroup');

export function keyValues(pairs: { key: string; value: string }[] | undefined): Map<string, string> {
  return new Map((pairs ?? []).map((p) => [p.key, String(p.value)]));
}

export function integerParam(params: ReadonlyMap<string, string>, key: string, fallback: number): number {
  const raw = params.get(key);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw invalidParameter(`${key} [${raw}] is invalid, it should be an integer`);
  return n;
}

/**
 * One vector search of a request (a Search, or a sub-request of HybridSearch): its params, and
 * what the engine needs, with offset 0 and every partition (the caller sets those).
 */
export function vectorSearch(req: Request, defaultTopk: number): { params: Map<string, string>; search: SearchRequest } {
  const params = keyValues(req.search_params);
  let extra: Record<string, unknown> = {};
  const rawParams = params.get('params');
  if (rawParams) {
    try {
      extra = JSON.parse(rawParams) as Record<string, unknown>;
    } catch {
      throw invalidParameter(`search params is not a valid JSON: ${rawParams}`);
    }
  }
  const group = PlaceholderGroup.toObject(PlaceholderGroup.decode(req.placeholder_group ?? new Uint8Array()), {
    ...CONVERSION,
    bytes: Uint8Array,
  }) as { placeholders: { values: Uint8Array[] }[] };
  const numberParam = (key: string) => {
    const v = extra[key] ?? params.get(key);
    return v === undefined || v === '' ? undefined : Number(v);
  };
  return {
    params,
    search: {
      annsField: params.get('anns_field') ?? '',
      metricType: params.get('metric_type') ?? '',
      blobs: group.placeholders[0]?.values ?? [],
      topk: integerParam(params, 'topk', defaultTopk),
      offset: 0,
      expr: req.dsl ?? '',
      templates: decodeTemplates(req.expr_template_values),
      partitionNames: [],
      radius: numberParam('radius'),
      rangeFilter: numberParam('range_filter'),
      ef: numberParam('ef'),
      nprobe: numberParam('nprobe'),
    },
  };
}
