/** BK-CI's response envelope: `status` 0 means success, otherwise a stable error code. */
export interface Envelope<T> {
  status: number;
  message: string | null;
  data: T | null;
}

export function okEnvelope<T>(data: T): Envelope<T> {
  return { status: 0, message: null, data: data === undefined ? null : data };
}

export function errorEnvelope(code: number, message: string, data: unknown = null): Envelope<unknown> {
  return { status: code, message, data };
}
