import { createPrivateKey, createPublicKey, KeyObject, X509Certificate } from 'node:crypto';
import { CertificateFormatError } from './certificate-format.error';

export interface CertificateSummary {
  /** Distinguished name on one line, RDNs in certificate order (`C=CN, O=…, CN=…`), special characters backslash-escaped as in RFC 2253. */
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 of the DER certificate, upper-case hex pairs joined by colons. */
  fingerprintSha256: string;
}

export function parseX509Pem(field: string, pem: string): CertificateSummary {
  return summarize(field, readPemCertificate(field, pem));
}

export function parseX509Der(field: string, der: Buffer): CertificateSummary {
  return summarize(field, readCertificate(field, der));
}

/** The subject's common name, unescaped (`Apple Distribution: Foo, Inc. (TEAMID)`), or undefined when the subject has none. */
export function subjectCommonName(field: string, der: Buffer): string | undefined {
  const line = readCertificate(field, der)
    .subject.split('\n')
    .find((rdn) => rdn.startsWith('CN='));
  return line === undefined ? undefined : unescapeDnValue(line.slice('CN='.length));
}

export function assertPrivateKeyPem(field: string, pem: string): void {
  readPrivateKey(field, pem);
}

/** `field` names the key: the certificate is expected to have been checked with parseX509Pem already. */
export function assertKeyMatchesCertificate(field: string, keyPem: string, certPem: string): void {
  const publicOfKey = spki(createPublicKey(readPrivateKey(field, keyPem)));
  const publicOfCert = spki(readPemCertificate(field, certPem).publicKey);
  if (!publicOfKey.equals(publicOfCert)) {
    throw new CertificateFormatError(field, 'MALFORMED', 'the private key does not belong to the certificate; upload the key the certificate was issued for');
  }
}

function readPemCertificate(field: string, pem: string): X509Certificate {
  // X509Certificate would also take DER smuggled in a string; insisting on the PEM header gives a clearer message.
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new CertificateFormatError(field, 'MALFORMED', 'expected a PEM certificate (a "-----BEGIN CERTIFICATE-----" block)');
  }
  return readCertificate(field, pem);
}

function readCertificate(field: string, input: string | Buffer): X509Certificate {
  try {
    return new X509Certificate(input);
  } catch {
    throw new CertificateFormatError(field, 'MALFORMED', 'not a valid X.509 certificate');
  }
}

function readPrivateKey(field: string, pem: string): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // There is no field for a key passphrase, so an encrypted key could never be used. OpenSSL's error code for it differs between
    // versions, hence the look at the PEM headers (PKCS#8 and the traditional OpenSSL form).
    if (pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || pem.includes('Proc-Type: 4,ENCRYPTED')) {
      throw new CertificateFormatError(field, 'MALFORMED', 'the private key is encrypted; upload it without a passphrase (openssl pkey -in key.pem -out plain.pem)');
    }
    throw new CertificateFormatError(field, 'MALFORMED', 'expected a PEM private key (a "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----" block)');
  }
}

function summarize(field: string, cert: X509Certificate): CertificateSummary {
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    notBefore: parseValidity(field, cert.validFrom),
    notAfter: parseValidity(field, cert.validTo),
    fingerprintSha256: cert.fingerprint256,
  };
}

// Node prints one RDN per line with RFC 2253 escaping, so joining with ", " stays unambiguous.
function oneLine(name: string): string {
  return name.split('\n').join(', ');
}

// Node 20 only offers OpenSSL's text form ("Jan  1 00:00:00 2034 GMT"), which Date parses; validToDate came in Node 22.
function parseValidity(field: string, text: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    throw new CertificateFormatError(field, 'MALFORMED', `the certificate validity date "${text}" cannot be read`);
  }
  return date;
}

// Undo RFC 2253 escaping: "\," style for special characters, "\0A" style (hex) for control characters.
function unescapeDnValue(value: string): string {
  return value.replace(/\\([0-9A-Fa-f]{2}|.)/g, (_, escaped: string) => (escaped.length === 2 ? String.fromCharCode(parseInt(escaped, 16)) : escaped));
}

function spki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}
