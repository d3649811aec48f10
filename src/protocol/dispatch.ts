// Calling a Milvus method: the handler's reply wrapped with its Status, or the error's Status.
// Used by the network server (server/grpc) and by the embedded client alike, so both answer
// every request the same way: MilvusErrors become Status replies, methods without a handler
// answer code 10 naming themselves, and an unexpected failure is logged and answered 65535.
import { MilvusError, internalError, isMilvusError, methodUnimplemented } from '../errors.js';
import { statusPlacement } from './descriptors.js';
import type { CallContext, HandlerTable, Reply, Request } from './handler.js';
import { aliasHandlers } from './handlers/aliases.js';
import { aliasExtraHandlers } from './handlers/alias-extras.js';
import { collectionHandlers } from './handlers/collections.js';
import { databaseHandlers } from './handlers/databases.js';
import { hybridHandlers } from './handlers/hybrid.js';
import { indexHandlers } from './handlers/indexes.js';
import { compactionHandlers, loadHandlers } from './handlers/load.js';
import { partitionHandlers } from './handlers/partitions.js';
import { readHandlers } from './handlers/reads.js';
import { sessionHandlers, telemetryHandlers } from './handlers/session.js';
import { writeHandlers } from './handlers/writes.js';
import { SUCCESS, errorStatus } from './status.js';

export const MILVUS_SERVICE_NAME = 'milvus.proto.milvus.MilvusService';
export const TELEMETRY_SERVICE_NAME = 'milvus.proto.milvus.ClientTelemetryService';

export const milvusHandlers: HandlerTable = {
  ...sessionHandlers,
  ...databaseHandlers,
  ...collectionHandlers,
  ...aliasHandlers,
  ...indexHandlers,
  ...partitionHandlers,
  ...loadHandlers,
  ...compactionHandlers,
  ...writeHandlers,
  ...readHandlers,
  ...hybridHandlers,
};

export { telemetryHandlers, aliasExtraHandlers };

export interface MethodDispatch {
  /** Where the reply carries its Status: 'bare', a field name, or undefined when it has none. */
  placement: 'bare' | string | undefined;
  handled: boolean;
  /** The reply with its Status; resolves for every MilvusError, rejects only when there is nowhere to put one. */
  invoke(request: Request, ctx: CallContext): Promise<unknown>;
  /** The reply of a refusal. */
  fail(error: MilvusError): unknown;
}

export function methodDispatch(
  serviceName: string,
  method: string,
  table: HandlerTable,
  log: (line: string) => void,
): MethodDispatch {
  const placement = statusPlacement(serviceName, method);
  const handler = table[method];
  const field = placement ?? 'status';
  const reply = (result: Reply): unknown => (placement === 'bare' ? SUCCESS : { ...result, [field]: SUCCESS });
  const fail = (error: MilvusError): unknown => (placement === 'bare' ? errorStatus(error) : { [field]: errorStatus(error) });
  const refuse = (e: unknown): unknown => {
    if (isMilvusError(e)) return fail(e);
    log(`elanus: ${method} failed: ${(e as Error)?.stack ?? String(e)}`);
    return fail(internalError(method, (e as Error)?.message ?? String(e)));
  };
  return {
    placement,
    handled: handler !== undefined,
    fail,
    async invoke(request, ctx) {
      if (!handler) {
        if (placement === undefined) throw methodUnimplemented(method);
        return fail(methodUnimplemented(method));
      }
      try {
        return reply(await handler(request, ctx));
      } catch (e) {
        return refuse(e);
      }
    },
  };
}
