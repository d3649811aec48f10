// MilvusException: what every failed client call throws, embedded or remote, with Milvus's code,
// the legacy error_code and the server's text, as pymilvus raises it.
export class MilvusException extends Error {
  readonly code: number;
  /** The legacy `common.ErrorCode` name (`CollectionNotExists`, `IllegalArgument`...). */
  readonly errorCode: string;
  readonly reason: string;

  /** `options.cause`: the error underneath, for a failure that did not come from a server. */
  constructor(code: number, errorCode: string, reason: string, options?: ErrorOptions) {
    super(`<MilvusException: (code=${code}, message=${reason})>`, options);
    this.name = 'MilvusException';
    this.code = code;
    this.errorCode = errorCode;
    this.reason = reason;
  }
}

/** Code Elanus's client uses when a call runs past its timeout (Milvus's context deadline code). */
export const TIMEOUT_CODE = 10001;
/** Code for a call that never reached a server (connection refused, closed client...). */
export const UNAVAILABLE_CODE = 2;

export interface WireStatus {
  code?: number;
  error_code?: string | number;
  reason?: string;
}

/** Throws the status's error, if it is one: success is code 0 and error_code Success. */
export function throwIfError(status: WireStatus | undefined): void {
  if (!status) return;
  const code = Number(status.code ?? 0);
  const legacy = status.error_code ?? 'Success';
  if (code === 0 && (legacy === 'Success' || legacy === 0)) return;
  throw new MilvusException(code === 0 ? 65535 : code, String(legacy), status.reason ?? '');
}
