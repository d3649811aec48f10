// Status replies: every reply carries a status with both the code and the legacy error_code set
// (pymilvus reads both, the Node SDK mostly the legacy one). Errors travel as a normal reply with
// gRPC OK, as Milvus does: clients retry many gRPC error codes.
import { MilvusError, legacyErrorCode } from '../errors.js';

export interface StatusReply {
  error_code: string;
  reason: string;
  code: number;
  retriable: boolean;
  detail: string;
  extra_info: Record<string, string>;
}

export const SUCCESS: Readonly<StatusReply> = Object.freeze({
  error_code: 'Success',
  reason: '',
  code: 0,
  retriable: false,
  detail: '',
  extra_info: {},
});

export function errorStatus(error: MilvusError): StatusReply {
  return {
    error_code: legacyErrorCode(error.code),
    reason: error.message,
    code: error.code,
    retriable: false,
    detail: error.message,
    extra_info: error.inputError ? { is_input_error: 'true' } : {},
  };
}
