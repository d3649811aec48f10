// How a client reaches a Milvus service: in this process (embedded engine) or over gRPC. Both
// take and give Milvus's messages exactly as grpc-js encodes and decodes them, so the client
// above them does not know which one it talks to.
export interface CallOptions {
  /** Milliseconds; the call rejects with a MilvusException when it runs past it. */
  timeout?: number;
  /** Which service: Milvus's (default) or Elanus's own alias service. */
  service?: 'milvus' | 'elanus-alias';
}

export interface Transport {
  /** Calls a MilvusService method; resolves with the decoded reply (status included). */
  call(method: string, request: object, options?: CallOptions): Promise<Record<string, unknown>>;
  close(): Promise<void>;
  /** "embedded" or "remote", for messages. */
  readonly kind: 'embedded' | 'remote';
}

export type Endpoint = { kind: 'embedded'; dataDir: string } | { kind: 'remote'; address: string; tls: boolean };

/**
 * `http://host:port`, `https://...`, `grpc://...`, or a bare `host:port` talk to a server; a
 * path (`./data`, `/var/lib/elanus`, `file:...`) runs the engine in this process.
 */
export function parseUri(uri: string): Endpoint {
  const remote = /^(https?|grpcs?|tcp):\/\/([^/]+)\/?$/.exec(uri);
  if (remote) {
    const scheme = remote[1]!;
    const tls = scheme === 'https' || scheme === 'grpcs';
    const host = remote[2]!;
    return { kind: 'remote', address: host.includes(':') ? host : `${host}:${tls ? 443 : 19530}`, tls };
  }
  if (uri.startsWith('file:')) return { kind: 'embedded', dataDir: decodeURIComponent(uri.slice('file:'.length).replace(/^\/\/(?=\/)/, '')) };
  if (/^[\w.-]+:\d+$/.test(uri)) return { kind: 'remote', address: uri, tls: false };
  return { kind: 'embedded', dataDir: uri };
}
