// Timeouts on client calls: past the deadline the call rejects with a MilvusException that says
// so. (An embedded call that has started still finishes in the engine: work is not cancelled.)
import { MilvusException, TIMEOUT_CODE } from './exception.js';

export function timeoutError(method: string, ms: number): MilvusException {
  return new MilvusException(TIMEOUT_CODE, 'UnexpectedError', `${method} timed out after ${ms} ms: context deadline exceeded`);
}

export function withTimeout<T>(work: Promise<T>, ms: number | undefined, method: string): Promise<T> {
  if (!ms || ms <= 0) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timeoutError(method, ms)), ms);
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
