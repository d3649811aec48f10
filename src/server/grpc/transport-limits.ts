// The transport limits `elanus serve` takes (options or environment), read and checked before
// anything starts. Sizes are in bytes; the defaults are Milvus 2.6's proxy.grpc values.
import { DEFAULT_MAX_RECEIVE_BYTES, type GrpcServerOptions } from './server.js';

/** A limit given that is not a size the server can run with. */
export class TransportLimitError extends Error {}

/** The largest message node:http2 and Buffer can hold. */
const LARGEST_MESSAGE_BYTES = 2 ** 32 - 1;

export interface TransportLimitValues {
  'grpc-max-recv-size'?: string;
  'grpc-max-send-size'?: string;
  'grpc-max-request-memory'?: string;
}

function size(option: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new TransportLimitError(`--${option} must be an integer from 1 to ${max} (bytes), got ${JSON.stringify(value)}`);
  }
  return n;
}

/** The server options for the limits given (undefined: the default). */
export function transportLimits(
  values: TransportLimitValues,
): Pick<GrpcServerOptions, 'maxReceiveBytes' | 'maxSendBytes' | 'maxRequestMemoryBytes'> {
  const maxReceiveBytes = size('grpc-max-recv-size', values['grpc-max-recv-size'], LARGEST_MESSAGE_BYTES);
  const maxSendBytes = size('grpc-max-send-size', values['grpc-max-send-size'], LARGEST_MESSAGE_BYTES);
  const maxRequestMemoryBytes = size('grpc-max-request-memory', values['grpc-max-request-memory'], Number.MAX_SAFE_INTEGER);
  const receive = maxReceiveBytes ?? DEFAULT_MAX_RECEIVE_BYTES;
  if (maxRequestMemoryBytes !== undefined && maxRequestMemoryBytes < receive) {
    throw new TransportLimitError(`--grpc-max-request-memory (${maxRequestMemoryBytes}) must be at least --grpc-max-recv-size (${receive})`);
  }
  return { maxReceiveBytes, maxSendBytes, maxRequestMemoryBytes };
}
