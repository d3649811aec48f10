// The shape of a method handler: decoded request in, reply fields out (without `status`, which
// dispatch.ts adds). Handlers translate between Milvus's messages and the engine and hold no
// rules; the network server and the embedded client both call them through dispatch.ts.
import type { Engine } from '../engine/index.js';

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

// Requests are protobufjs-decoded objects; each handler reads the fields of its own request.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Request = any;
export type Reply = Record<string, unknown>;
export type Handler = (request: Request, ctx: CallContext) => Reply | Promise<Reply>;
export type HandlerTable = Record<string, Handler>;
