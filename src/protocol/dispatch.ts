// Calling a Milvus method: the handler's reply wrapped with its Status, or the error's Status.
// Used by the network server (server/grpc) and by the embedded client alike, so both answer
// every request the same way: MilvusErrors become Status replies, methods without a handler
// answer code 10 naming themselves, and an unexpected failure is logged and answered 65535.
import { MilvusError, internalError, isMilvusError, methodUnimplemented } from '../errors.js';
import { statusPlacement } from './descriptors.js';
import type { CallContext, Handler, HandlerTable, Reply } from './handler.js';
import type { ServiceRequests } from './messages.js';
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
  /**
   * The reply with its Status; resolves for every MilvusError, rejects only when there is nowhere
   * to put one. `request` is what the method's request deserializer made (descriptors.ts).
   */
  invoke(request: unknown, ctx: CallContext): Promise<unknown>;
  /** The reply of a refusal. */
  fail(error: MilvusError): unknown;
}

/** The handler of `method` in `table` (its own property: nothing inherited from Object). */
function handlerOf<Requests>(table: HandlerTable<Requests>, method: string): Handler<Requests[keyof Requests]> | undefined {
  return Object.hasOwn(table, method) ? table[method as keyof Requests] : undefined;
}

/** The dispatch of `method` of the service `serviceName` to its handler in `table`, the service's own. */
export function methodDispatch<Service extends keyof ServiceRequests>(
  serviceName: Service,
  method: string,
  table: HandlerTable<ServiceRequests[Service]>,
  log: (line: string) => void,
): MethodDispatch {
  const placement = statusPlacement(serviceName, method);
  const handler = handlerOf(table, method);
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
        // The deserializer of `method` decoded the request into its messages.ts type (the
        // generated types say exactly what protobufjs's conversion gives).
        return reply(await handler(request as ServiceRequests[Service][keyof ServiceRequests[Service]], ctx));
      } catch (e) {
        return refuse(e);
      }
    },
  };
}
