// The JSON `params` of a Search's search_params (`{"ef": 64}`, `{"radius": 0.5, "range_filter":
// 0.9}`...). Milvus's proxy passes the text on untouched; its query node parses it with nlohmann's
// JSON and reads the keys it knows (segcore's GetValueFromConfig, knowhere's config). What that
// reading refuses is refused here, with the query node's texts:
//   - `null` is nlohmann's null, which reads as an empty object: no parameters;
//   - any other JSON that is not an object fails on nlohmann's operator[];
//   - `radius` and `range_filter` must be JSON numbers (read as float); null means absent.
// Whether range_filter lies on the right side of radius depends on the metric, so the engine
// checks it once the metric is resolved (search-pipeline.ts).
import { searchErrors } from '../errors.js';

export interface SearchParamsJson {
  radius?: number;
  rangeFilter?: number;
  /** HNSW's search width. */
  ef?: number;
  /** IVF's lists to scan. */
  nprobe?: number;
}

/** nlohmann::json::type_name(). */
function jsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  return 'object';
}

/**
 * GetValueFromConfig<float>: a JSON number; null or absent is no value. (Milvus reads it as a
 * float32 and compares float32 distances; Elanus keeps the number as sent, as its scans compare
 * their scores with it.)
 */
function floatParam(obj: Record<string, unknown>, key: string): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw searchErrors.rangeParamNotNumber(key, jsonTypeName(v));
  return v;
}

/**
 * An integer search parameter (ef, nprobe): a JSON number, or a text of digits (knowhere converts
 * those); anything else is NaN, which the engine refuses with the parameter's range text.
 */
function intParam(obj: Record<string, unknown>, key: string): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*[+-]?\d+$/.test(v)) return Number(v);
  return NaN;
}

export function searchParamsJson(raw: string | undefined): SearchParamsJson {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw searchErrors.paramsNotJson(raw);
  }
  if (parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw searchErrors.paramsNotObject(jsonTypeName(parsed));
  const obj = parsed as Record<string, unknown>;
  return {
    radius: floatParam(obj, 'radius'),
    rangeFilter: floatParam(obj, 'range_filter'),
    ef: intParam(obj, 'ef'),
    nprobe: intParam(obj, 'nprobe'),
  };
}
