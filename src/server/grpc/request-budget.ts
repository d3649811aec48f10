// The server-wide budget of request bytes held in memory: every call's message (as received,
// and inflated when it came compressed) counts from the moment its frame declares its length
// until the call ends. Per-message limits alone leave memory unbounded: many streams, on one
// connection or many, each just under the limit. A call that would take the total past the budget
// is refused at once with RESOURCE_EXHAUSTED (the client may retry), not queued: a queued stream
// would still hold its flow-control window of unread bytes.
import { GrpcStatus, GrpcStatusError } from '../../protocol/index.js';

export class RequestBudget {
  private held = 0;

  constructor(readonly limitBytes: number) {}

  /** Bytes held now by running calls. */
  get heldBytes(): number {
    return this.held;
  }

  /** Takes `bytes` for a call, or throws RESOURCE_EXHAUSTED when they do not fit. */
  take(bytes: number): void {
    if (this.held + bytes > this.limitBytes) {
      throw new GrpcStatusError(
        GrpcStatus.RESOURCE_EXHAUSTED,
        `the server already holds ${this.held} bytes of requests and this one needs ${bytes} more, past its limit of ${this.limitBytes} (elanus serve --grpc-max-request-memory): retry later`,
      );
    }
    this.held += bytes;
  }

  /** Gives back what a call took. */
  release(bytes: number): void {
    this.held -= bytes;
  }
}
