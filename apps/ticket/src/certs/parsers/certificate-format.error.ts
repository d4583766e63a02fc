export type CertificateFormatReason = 'MALFORMED' | 'WRONG_PASSWORD' | 'ALIAS_NOT_FOUND';

/**
 * An uploaded certificate file (or one of the values that unlock it) cannot be used.
 * `field` names the request field the user has to fix; the message is prefixed with it
 * (`fileJks: the keystore password is wrong`), so pass only the explanation.
 */
export class CertificateFormatError extends Error {
  constructor(
    readonly field: string,
    readonly reason: CertificateFormatReason,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'CertificateFormatError';
  }
}
