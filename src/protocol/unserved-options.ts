// Request options Elanus does not run yet. The official SDKs already speak Milvus's newer protocol
// (milvus-proto 3.0), so a request may carry options Milvus 2.6 never had (query aggregation,
// order_by_fields, upsert field_ops, namespaces, function chains...) beside 2.6's own that Elanus
// has not built (search by primary keys, function rerankers, partial update...). Each is refused
// with code 10 and `<feature> is not supported by Elanus yet: service unimplemented`, before any
// other check of the request, so that no reply is ever computed as if the option had been applied.
// docs/compatibility.md lists every refusal here; a feature that gets built leaves this file.
import { goTrimSpace, parseGoBool } from '../catalog/index.js';
import { notSupportedYet } from '../errors.js';
import type { milvus } from './messages.js';
import { keyValues } from './request-params.js';

interface KeyValue {
  key: string;
  value: string;
}

/** `group_by_fields` / `order_by_fields`: comma-separated names; empty entries mean nothing. */
function listParam(params: ReadonlyMap<string, string>, key: string): string[] {
  return (params.get(key) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Namespaces (Milvus's per-tenant isolation inside a collection): any request that names one. */
function refuseNamespace(req: { _namespace?: 'namespace' }): void {
  if (req._namespace !== undefined) throw notSupportedYet('namespace');
}

/** Keys of a Search's search_params (and of a HybridSearch's rank_params) that Elanus does not run. */
function refuseUnservedSearchParams(params: ReadonlyMap<string, string>): void {
  if (listParam(params, 'group_by_fields').length > 0) throw notSupportedYet('group_by_fields (grouping by several fields)');
  if (listParam(params, 'order_by_fields').length > 0) throw notSupportedYet('order_by_fields');
}

/** A Search, or one sub-request of a HybridSearch. */
export function refuseUnservedSearchOptions(req: milvus.SearchRequest): void {
  if (req.search_input === 'ids' || req.search_by_primary_keys) throw notSupportedYet('search by primary keys (ids)');
  if ((req.function_score?.functions.length ?? 0) > 0) throw notSupportedYet('function_score (function rerankers)');
  if (req.function_chains.length > 0) throw notSupportedYet('function_chains');
  if (req.highlighter) throw notSupportedYet('highlighter');
  if (req.search_aggregation) throw notSupportedYet('search_aggregation');
  // Milvus runs a Search with sub_reqs as a hybrid search; Elanus serves that only as HybridSearch.
  if (req.sub_reqs.length > 0) throw notSupportedYet('sub_reqs (a hybrid search sent as Search)');
  refuseNamespace(req);
  refuseUnservedSearchParams(keyValues(req.search_params));
}

/** A HybridSearch's own options (each sub-request is a Search: refuseUnservedSearchOptions). */
export function refuseUnservedHybridOptions(req: milvus.HybridSearchRequest): void {
  if ((req.function_score?.functions.length ?? 0) > 0) throw notSupportedYet('function_score (function rerankers)');
  if (req.function_chains.length > 0) throw notSupportedYet('function_chains');
  refuseNamespace(req);
  refuseUnservedSearchParams(keyValues(req.rank_params));
}

/** An aggregate expression as an output field: count(...), sum(...), avg(...), min(...), max(...). */
const AGGREGATE = /^(count|sum|avg|min|max)\s*\(.*\)$/i;

/**
 * A Query. `count(*)` as the only output field is served; any other aggregate (or `count(*)`
 * beside other fields) is query aggregation, which Elanus does not run: answering it would return
 * rows, or one count, that the client did not ask for.
 */
export function refuseUnservedQueryOptions(req: milvus.QueryRequest): void {
  const params = keyValues(req.query_params);
  if (listParam(params, 'group_by_fields').length > 0) throw notSupportedYet('query aggregation (group_by_fields)');
  const outputs = req.output_fields.map(goTrimSpace).filter((f) => f !== '');
  const loneCount = outputs.length === 1 && outputs[0]!.toLowerCase() === 'count(*)';
  const aggregates = outputs.filter((f) => AGGREGATE.test(f));
  if (aggregates.length > 0 && !loneCount) throw notSupportedYet(`query aggregation (${aggregates.join(', ')} in output_fields)`);
  if (listParam(params, 'order_by_fields').length > 0) throw notSupportedYet('order_by_fields');
  refuseNamespace(req);
}

/** Insert and Upsert. */
export function refuseUnservedWriteOptions(req: milvus.InsertRequest | milvus.UpsertRequest): void {
  if ('partial_update' in req) {
    // field_ops imply a partial update (the Node SDK sets both): the more specific one is named.
    if (req.field_ops.length > 0) throw notSupportedYet('upsert field_ops');
    if (req.partial_update) throw notSupportedYet('upsert with partial_update');
  }
  refuseNamespace(req);
}

export function refuseUnservedDeleteOptions(req: milvus.DeleteRequest): void {
  refuseNamespace(req);
}

/**
 * CreateCollection's and AlterCollection's properties. A positive `collection.ttl.seconds` makes
 * Milvus hide rows older than the TTL from every read (the proxy's CollectionTtlTimestamps);
 * Elanus keeps no per-row insert time through compaction, so it would keep answering them. 0 and
 * -1 (no expiry) are accepted; a value that is not an integer is left to the catalog's checks.
 */
export function refuseUnservedCollectionProperties(properties: readonly KeyValue[]): void {
  const ttl = properties.find((p) => p.key === 'collection.ttl.seconds')?.value;
  if (ttl !== undefined && /^\+?\d+$/.test(ttl) && Number(ttl) > 0) throw notSupportedYet('collection TTL (collection.ttl.seconds)');
}

/**
 * AlterCollection's properties besides CreateCollection's: `dynamicfield.enabled` adds (or drops)
 * the dynamic field in Milvus; stored as a plain property here, the schema would not change.
 */
export function refuseUnservedAlterProperties(properties: readonly KeyValue[]): void {
  refuseUnservedCollectionProperties(properties);
  if (properties.some((p) => p.key === 'dynamicfield.enabled')) {
    throw notSupportedYet('dynamicfield.enabled (switching the dynamic field by AlterCollection)');
  }
}

/** Database properties that make Milvus refuse requests (its quota center's force-deny switches). */
const DATABASE_DENY_KEYS = [
  'database.force.deny.writing',
  'database.force.deny.reading',
  'database.force.deny.ddl',
  'database.force.deny.collectionDDL',
  'database.force.deny.partitionDDL',
  'database.force.deny.index',
  'database.force.deny.flush',
  'database.force.deny.compaction',
];

/**
 * CreateDatabase's and AlterDatabase's properties. A force-deny switch set to true makes Milvus
 * refuse the database's writes, reads or DDL; Elanus would go on answering them.
 */
export function refuseUnservedDatabaseProperties(properties: readonly KeyValue[]): void {
  const deny = properties.find((p) => DATABASE_DENY_KEYS.includes(p.key) && parseGoBool(p.value) === true);
  if (deny) throw notSupportedYet(`${deny.key} (denying requests by a database property)`);
}

/** The parts of a wire CollectionSchema (and its fields) that name something Elanus does not run. */
export interface WireSchemaExtras {
  functions: { name: string; type: string | number }[];
  struct_array_fields?: unknown[];
  enable_namespace?: boolean;
  external_source?: string;
  external_spec?: string;
  fields: { name: string; external_field?: string; type_params: { key: string; value: string }[] }[];
}

/**
 * CreateCollection's schema. A function (BM25, text embedding, MinHash...) fills its output field
 * on insert and serves its searches; without one running, the collection would be created and
 * then refuse every insert with a text about a missing field. So it is refused at create time.
 */
export function refuseUnservedSchemaOptions(schema: WireSchemaExtras): void {
  const fn = schema.functions[0];
  if (fn) throw notSupportedYet(`function ${String(fn.type)} (${fn.name}) in a collection schema`);
  if ((schema.struct_array_fields?.length ?? 0) > 0) throw notSupportedYet('struct array fields (struct_array_fields)');
  if (schema.enable_namespace) throw notSupportedYet('namespace');
  if (schema.external_source || schema.external_spec || schema.fields.some((f) => f.external_field)) {
    throw notSupportedYet('external collections (external_source, external_field)');
  }
  // Elanus has no analyzers: text_match on such a field could only be refused later, with
  // Milvus's "does not enable match", which would be untrue of it.
  for (const f of schema.fields) {
    const match = f.type_params.find((p) => p.key === 'enable_match')?.value;
    if (match !== undefined && parseGoBool(match) === true) throw notSupportedYet(`text match (enable_match on field ${f.name})`);
  }
}
