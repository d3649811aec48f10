// Creating a collection through the engine's own API, for unit tests that drive an Engine in
// process: the CreateCollection request around a list of fields, with Milvus's defaults.
import type { ConsistencyLevel, FieldSchema } from '../../src/catalog/index.js';
import type { Engine } from '../../src/engine/index.js';

export interface EngineCollectionOptions {
  enableDynamicField?: boolean;
  consistencyLevel?: ConsistencyLevel;
}

export async function createEngineCollection(
  engine: Engine,
  name: string,
  fields: FieldSchema[],
  options: EngineCollectionOptions = {},
): Promise<void> {
  await engine.createCollection('default', {
    collectionName: name,
    schema: {
      name,
      description: '',
      autoID: false,
      enableDynamicField: options.enableDynamicField ?? false,
      properties: [],
      functions: [],
      fields,
    },
    shardsNum: 1,
    consistencyLevel: options.consistencyLevel ?? 'Bounded',
    properties: [],
    numPartitions: 0,
  });
}
