import * as forge from 'node-forge';
import { CertificateFormatError } from './certificate-format.error';
import { CertificateSummary, parseX509Der } from './x509';

// node-forge reports a bad password only through these messages: the MAC check, or (in files without a MAC)
// a decryption that fails its padding check.
const WRONG_PASSWORD_MESSAGES = ['PKCS#12 MAC could not be verified', 'Failed to decrypt PKCS#12 SafeContents', 'Unable to decrypt PKCS#8 ShroudedKeyBag'];

/**
 * Reads a PKCS#12 (.p12/.pfx) file with node-forge (node:crypto has no PKCS#12 reader) and returns the summary
 * of its first certificate. Limitation: node-forge feeds PBKDF2 the password's characters as bytes rather than its UTF-8
 * encoding, so a non-ASCII password is reported wrong for files encrypted the OpenSSL 3 way (PBES2); legacy 3DES files work.
 */
export function parseP12(field: string, bytes: Buffer, password: string): CertificateSummary {
  const p12 = decode(field, bytes, password);
  const bags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const first = bags[0];
  if (!first) throw new CertificateFormatError(field, 'MALFORMED', 'the PKCS#12 file holds no certificate');
  // forge parses RSA certificates only and keeps others as raw ASN.1; re-encoding either gives the DER for node:crypto.
  const asn1 = first.cert ? forge.pki.certificateToAsn1(first.cert) : first.asn1;
  return parseX509Der(field, Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
}

function decode(field: string, bytes: Buffer, password: string): forge.pkcs12.Pkcs12Pfx {
  try {
    return forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytes.toString('binary')), password);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (WRONG_PASSWORD_MESSAGES.some((known) => message.startsWith(known))) {
      throw new CertificateFormatError(field, 'WRONG_PASSWORD', 'the PKCS#12 password is wrong');
    }
    throw new CertificateFormatError(field, 'MALFORMED', 'not a valid PKCS#12 (.p12) file');
  }
}
