// What every read and delete does first: turn the filter text into a typed expression against
// the pinned collection's schema, and partition names into the partition ids to scan.
import type { CollectionRecord } from '../catalog/index.js';
import { parseFilter, isFilterError, type FilterExpr, type PlanKind, type TemplateValues } from '../expr/index.js';
import { partitionErrors, planFailed } from '../errors.js';

export function parseForPlan(text: string, collection: CollectionRecord, templates: TemplateValues | undefined, kind: PlanKind): FilterExpr {
  const schema = {
    fields: collection.schema.fields.map((f) => ({
      name: f.name,
      dataType: f.dataType,
      elementType: f.elementType,
      nullable: f.nullable,
      isPrimaryKey: f.isPrimaryKey,
    })),
    enableDynamicField: collection.schema.enableDynamicField,
  };
  try {
    return parseFilter(text, schema, templates);
  } catch (e) {
    // A search's plan is a "query plan" in Milvus's words too; only delete says "delete plan".
    if (isFilterError(e)) throw planFailed(kind === 'delete' ? 'delete' : 'query', e.detail);
    throw e;
  }
}

/** The ids of the named partitions; undefined (every partition) when no name is given. */
export function partitionSet(collection: CollectionRecord, names: readonly string[]): ReadonlySet<number> | undefined {
  if (names.length === 0) return undefined;
  const ids = new Set<number>();
  for (const name of names) {
    const p = collection.partitions.find((x) => x.name === name);
    if (!p) throw partitionErrors.notFound(name);
    ids.add(p.id);
  }
  return ids;
}
