// gRPC's length-prefixed message frame (PROTOCOL-HTTP2: a compressed flag byte, a 4-byte
// big-endian length, the message), shared by the server (server/grpc) and the client's channel.
import { gunzipSync, inflateSync } from 'node:zlib';

export const FRAME_HEADER_BYTES = 5;
/** Messages up to this size are copied behind their prefix so the frame leaves in one write. */
const SMALL_MESSAGE_BYTES = 64 * 1024;

/** A body that is not one well-formed message; `unsupportedEncoding` when only its compression is unknown. */
export class FrameError extends Error {
  constructor(
    message: string,
    readonly unsupportedEncoding = false,
  ) {
    super(message);
  }
}

/** Ends `stream` with `message` in one uncompressed frame (a large message is not copied). */
export function endWithFrame(stream: { write(chunk: Uint8Array): boolean; end(chunk?: Uint8Array): unknown }, message: Uint8Array): void {
  const small = message.length <= SMALL_MESSAGE_BYTES;
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + (small ? message.length : 0));
  frame[0] = 0; // not compressed
  frame.writeUInt32BE(message.length, 1);
  if (small) {
    frame.set(message, FRAME_HEADER_BYTES);
    stream.end(frame);
    return;
  }
  stream.write(frame);
  stream.end(message);
}

/** The first message of `body`, decompressed when its flag says so (gzip or deflate, per `encoding`). */
export function firstMessage(body: Buffer, encoding: string): Buffer {
  if (body.length < FRAME_HEADER_BYTES) throw new FrameError('no message');
  const length = body.readUInt32BE(1);
  if (body.length < FRAME_HEADER_BYTES + length) throw new FrameError('the message was cut short');
  const message = body.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length);
  if (body[0] !== 1) return message;
  if (encoding === 'gzip') return gunzipSync(message);
  if (encoding === 'deflate') return inflateSync(message);
  throw new FrameError(`Compression algorithm ${encoding} not supported`, true);
}
