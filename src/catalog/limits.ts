// Milvus's fixed limits that more than one layer checks, named once (Milvus 2.6 defaults:
// pkg/util/paramtable quotaConfig / proxyConfig, internal/proxy/search_util.go).

/** topk, offset + limit, a search iterator's batch size and a query's result window: at most this. */
export const MAX_RESULT_WINDOW = 16384;
/** HybridSearch: at most this many sub-searches (`maximum of ann search requests`). */
export const MAX_HYBRID_SUB_SEARCHES = 1024;
/** RRF's k lies in (0, RRF_K_BOUND). */
export const RRF_K_BOUND = 16384;
/** IVF's largest nlist, and so nprobe (knowhere's IVF config range). */
export const MAX_NLIST = 65536;
/** Query vectors in one search (Milvus's quotaAndLimits.limits.maxNQ default). */
export const MAX_NQ = 16384;

/**
 * Elanus keeps a null vector, and a field an insert leaves out, at full width (zeros), where
 * Milvus keeps only the values sent: an insert whose placeholders would take more memory than
 * this is refused (a few bytes of valid_data must not become gigabytes of zeros).
 */
export const MAX_INSERT_PLACEHOLDER_BYTES = 1 << 30;
