// Insert, Upsert, Delete: columns and filters in, MutationResult out.
import { decodeFieldData } from '../field-data.js';
import type { HandlerTable, CallContext, Reply } from '../handler.js';
import type { milvus } from '../messages.js';
import { requestDatabase } from '../request-context.js';
import { decodeTemplates } from '../templates.js';
import { refuseUnservedDeleteOptions, refuseUnservedWriteOptions } from '../unserved-options.js';

function idsReply(ids: BigInt64Array | string[]): Reply {
  return ids instanceof BigInt64Array ? { int_id: { data: Array.from(ids, (v) => v.toString()) } } : { str_id: { data: ids } };
}

async function write(req: milvus.InsertRequest | milvus.UpsertRequest, ctx: CallContext, mode: 'insert' | 'upsert'): Promise<Reply> {
  refuseUnservedWriteOptions(req);
  const columns = decodeFieldData(req.fields_data);
  const result = await ctx.engine.insert(requestDatabase(req, ctx.metadata), req.collection_name, {
    columns,
    numRows: req.num_rows,
    mode,
    partitionName: req.partition_name,
    // uint64 as a string, '0' when unset (the engine ignores 0 too).
    schemaTimestamp: req.schema_timestamp !== '0' ? req.schema_timestamp : undefined,
  });
  const n = result.ids.length;
  return {
    IDs: idsReply(result.ids),
    succ_index: Array.from({ length: n }, (_, i) => i),
    err_index: [],
    acknowledged: false,
    insert_cnt: String(n),
    delete_cnt: '0',
    upsert_cnt: mode === 'upsert' ? String(n) : '0',
    timestamp: result.ts,
  };
}

export const writeHandlers: HandlerTable = {
  Insert: (req, ctx) => write(req, ctx, 'insert'),
  Upsert: (req, ctx) => write(req, ctx, 'upsert'),
  async Delete(req, ctx) {
    refuseUnservedDeleteOptions(req);
    const { count, ts } = await ctx.engine.delete(requestDatabase(req, ctx.metadata), req.collection_name, {
      expr: req.expr,
      templates: decodeTemplates(req.expr_template_values),
      partitionName: req.partition_name,
    });
    // IDs stay empty: pymilvus returns the id list instead of the count when they are set.
    return { succ_index: [], err_index: [], acknowledged: false, insert_cnt: '0', delete_cnt: String(count), upsert_cnt: '0', timestamp: ts };
  },
};
