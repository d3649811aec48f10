// The shape of a method handler: decoded request in, reply fields out (without `status`, which
// the server adds). Handlers translate between the wire and the engine and hold no rules.
import type { Metadata } from '@grpc/grpc-js';
import type { Engine } from '../../engine/index.js';

export interface CallContext {
  engine: Engine;
  metadata: Metadata;
  /** The connection identifier the server handed out in Connect. */
  nextIdentifier(): string;
}

// Requests are protobufjs-decoded objects; each handler reads the fields of its own request.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Request = any;
export type Reply = Record<string, unknown>;
export type Handler = (request: Request, ctx: CallContext) => Reply | Promise<Reply>;
export type HandlerTable = Record<string, Handler>;
