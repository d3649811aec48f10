// gRPC's length-prefixed message frame (PROTOCOL-HTTP2: a compressed flag byte, a 4-byte
// big-endian length, the message), shared by the server (server/grpc) and the client's channel.
//
// Reading is bounded the way grpc-go bounds it: the length a frame declares is checked against
// the receiver's limit as soon as the 5-byte prefix arrives, before the body is read, and a
// compressed message is inflated only up to the limit, off the event loop, and given up as soon
// as its output passes the limit (a 1 MiB gzip of zeros must not become 1 GiB in memory).
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { GrpcStatus, GrpcStatusError } from './grpc-status.js';

export const FRAME_HEADER_BYTES = 5;
/** Messages up to this size are copied behind their prefix so the frame leaves in one write. */
const SMALL_MESSAGE_BYTES = 64 * 1024;
/** Inflated output per zlib step: fewer round trips to the thread pool than zlib's 16 KiB. */
const INFLATE_CHUNK_BYTES = 256 * 1024;

/** A body that is not one well-formed message. */
export class FrameError extends Error {}

/** grpc-go's status for a frame that declares more bytes than the receiver accepts. */
export function receivedTooLarge(length: number, max: number): GrpcStatusError {
  return new GrpcStatusError(GrpcStatus.RESOURCE_EXHAUSTED, `grpc: received message larger than max (${length} vs. ${max})`);
}

/** grpc-go's status for a compressed message whose output passes the limit (its full size is never learnt). */
export function decompressedTooLarge(max: number): GrpcStatusError {
  return new GrpcStatusError(GrpcStatus.RESOURCE_EXHAUSTED, `grpc: received message after decompression larger than max ${max}`);
}

/** grpc-go's status for a message larger than the sender's own limit. */
export function sendTooLarge(length: number, max: number): GrpcStatusError {
  return new GrpcStatusError(GrpcStatus.RESOURCE_EXHAUSTED, `grpc: trying to send message larger than max (${length} vs. ${max})`);
}

/** The encodings a compressed message may be inflated from. */
const INFLATABLE = new Set(['gzip', 'deflate']);

/**
 * grpc-go's checkRecvPayload: the flag byte is 0 (plain) or 1 (compressed, with the stream's
 * grpc-encoding). Checked as the prefix arrives, before any of the body is kept.
 */
export function checkPayloadFormat(format: number, encoding: string): void {
  if (format === 0) return;
  if (format !== 1) throw new GrpcStatusError(GrpcStatus.INTERNAL, `grpc: received unexpected payload format ${format}`);
  if (encoding === '' || encoding === 'identity') {
    throw new GrpcStatusError(GrpcStatus.INTERNAL, 'grpc: compressed flag set with identity or empty encoding');
  }
  if (!INFLATABLE.has(encoding)) throw decompressorMissing(encoding);
}

/** grpc-go's status for a grpc-encoding the receiver has no decompressor for. */
export function decompressorMissing(encoding: string): GrpcStatusError {
  return new GrpcStatusError(GrpcStatus.UNIMPLEMENTED, `grpc: Decompressor is not installed for grpc-encoding ${JSON.stringify(encoding)}`);
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

/**
 * The first message of a unary body, collected as its chunks arrive. Holds the message's bytes
 * and nothing past them (a unary call carries one message; anything after it is dropped).
 */
export class FrameReader {
  /** The length the frame's prefix declares; undefined until the prefix has arrived. */
  declaredLength: number | undefined;
  /** The prefix's flag byte: 0 plain, 1 compressed, anything else a malformed frame (checkPayloadFormat). */
  payloadFormat = 0;
  compressed = false;
  private readonly prefix = Buffer.alloc(FRAME_HEADER_BYTES);
  private prefixBytes = 0;
  private readonly chunks: Buffer[] = [];
  private bodyBytes = 0;

  /** Takes the next chunk of the body; true when it completed the prefix (declaredLength is now known). */
  push(chunk: Buffer): boolean {
    let rest = chunk;
    let prefixDone = false;
    if (this.prefixBytes < FRAME_HEADER_BYTES) {
      const take = Math.min(FRAME_HEADER_BYTES - this.prefixBytes, rest.length);
      rest.copy(this.prefix, this.prefixBytes, 0, take);
      this.prefixBytes += take;
      rest = rest.subarray(take);
      if (this.prefixBytes < FRAME_HEADER_BYTES) return false;
      this.payloadFormat = this.prefix[0]!;
      this.compressed = this.payloadFormat === 1;
      this.declaredLength = this.prefix.readUInt32BE(1);
      prefixDone = true;
    }
    const room = this.declaredLength! - this.bodyBytes;
    if (room > 0 && rest.length > 0) {
      const part = rest.length > room ? rest.subarray(0, room) : rest;
      this.chunks.push(part);
      this.bodyBytes += part.length;
    }
    return prefixDone;
  }

  /** The message once the body has ended (still compressed when `compressed`); a FrameError when it is not whole. */
  message(): Buffer {
    if (this.declaredLength === undefined) throw new FrameError('no message');
    if (this.bodyBytes < this.declaredLength) throw new FrameError('the message was cut short');
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.bodyBytes);
  }
}

/**
 * Inflates a compressed message (gzip or deflate, per `encoding`) on zlib's thread pool, giving up
 * with RESOURCE_EXHAUSTED as soon as the output passes `maxBytes`. `admit` is told of each piece
 * of output before it is kept and may refuse it by throwing (a server's budget of buffered bytes).
 */
export function inflateMessage(
  message: Buffer,
  encoding: string,
  maxBytes: number,
  admit: (bytes: number) => void = () => undefined,
): Promise<Buffer> {
  let inflater: Gunzip | Inflate;
  if (encoding === 'gzip') inflater = createGunzip({ chunkSize: INFLATE_CHUNK_BYTES });
  else if (encoding === 'deflate') inflater = createInflate({ chunkSize: INFLATE_CHUNK_BYTES });
  else return Promise.reject(decompressorMissing(encoding));
  return new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let failed = false;
    const fail = (e: Error): void => {
      if (failed) return;
      failed = true;
      inflater.destroy();
      reject(e);
    };
    inflater.on('data', (part: Buffer) => {
      if (failed) return;
      size += part.length;
      if (size > maxBytes) {
        fail(decompressedTooLarge(maxBytes));
        return;
      }
      try {
        admit(part.length);
      } catch (e) {
        fail(e as Error);
        return;
      }
      parts.push(part);
    });
    inflater.on('error', (e: Error) => fail(new FrameError(e.message)));
    inflater.on('end', () => {
      if (!failed) resolve(parts.length === 1 ? parts[0]! : Buffer.concat(parts, size));
    });
    inflater.end(message);
  });
}
