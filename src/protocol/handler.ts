// The shape of a method handler: decoded request (typed by messages.ts) in, reply fields out
// (without `status`, which dispatch.ts adds). Handlers translate between Milvus's messages and
// the engine and hold no rules; the network server and the embedded client both call them
// through dispatch.ts.
import type { Engine } from '../engine/index.js';
import type { MilvusServiceRequests } from './messages.js';

/** Request metadata as gRPC carries it (grpc-js's Metadata fits; the embedded client makes its own). */
export interface RequestMetadata {
  get(key: string): (string | Buffer)[];
}

export interface CallContext {
  engine: Engine;
  metadata: RequestMetadata;
  /** The connection identifier the server handed out in Connect. */
  nextIdentifier(): string;
}

/** A method's reply fields (dispatch.ts adds `status`). */
export type Reply = Record<string, unknown>;

/** A method's handler: its decoded request (a message type of messages.ts) in, reply fields out. */
export type Handler<Req> = (request: Req, ctx: CallContext) => Reply | Promise<Reply>;

/**
 * Handlers of some methods of a service, by method name, each handler's `request` typed by
 * `Requests` (messages.ts's MilvusServiceRequests by default, ElanusAliasServiceRequests,
 * ClientTelemetryServiceRequests): a misspelt method or request field does not compile.
 */
export type HandlerTable<Requests = MilvusServiceRequests> = { [Method in keyof Requests]?: Handler<Requests[Method]> };
