/**
 * The one error type the platform throws on purpose. `code` is a stable 7-digit BK-CI style
 * number (21 MM NNN, MM = module) that clients may switch on; `httpStatus` keeps the HTTP class
 * meaningful; `data` carries machine-readable details (e.g. which fields failed).
 */
export class DomainError extends Error {
  constructor(
    readonly code: number,
    readonly httpStatus: number,
    message: string,
    readonly data: unknown = null,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
