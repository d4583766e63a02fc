import { createHash } from 'node:crypto';
import { CertificateFormatError } from './certificate-format.error';
import { CertificateSummary, parseX509Der } from './x509';

/** Request fields named by errors about the alias and its password (the keystore file and its password use the caller's field). */
export const JKS_ALIAS_FIELD = 'alias';
export const JKS_ALIAS_PASSWORD_FIELD = 'aliasPassword';

const MAGIC = 0xfeedfeed;
const PRIVATE_KEY_ENTRY = 1;
const TRUSTED_CERT_ENTRY = 2;
const SHA1_LENGTH = 20;
// Fixed string Sun's JavaKeyStore mixes into the store integrity digest.
const INTEGRITY_SALT = Buffer.from('Mighty Aphrodite', 'utf8');
// DER body of OID 1.3.6.1.4.1.42.2.17.1.1, Sun's proprietary JKS key protector.
const KEY_PROTECTOR_OID = Buffer.from('2b060104012a02110101', 'hex');
const DER_SEQUENCE = 0x30;
const DER_OID = 0x06;
const DER_OCTET_STRING = 0x04;

interface JksEntry {
  alias: string;
  /** DER certificates: the chain of a private-key entry (leaf first) or the one trusted certificate. */
  certificates: Buffer[];
  /** EncryptedPrivateKeyInfo of a private-key entry. */
  protectedKey?: Buffer;
}

/**
 * Reads a Java KeyStore (JKS, magic 0xFEEDFEED) the way java.security.KeyStore does: checks the store password
 * against the integrity digest, finds the alias and, for a key entry, checks the alias password by recovering the key.
 * Returns the summary of the entry's certificate (the first of a key entry's chain).
 */
export function parseJks(field: string, bytes: Buffer, storePassword: string, alias: string, aliasPassword: string): CertificateSummary {
  const entries = readEntries(field, bytes);
  const signed = bytes.subarray(0, bytes.length - SHA1_LENGTH);
  const digest = bytes.subarray(bytes.length - SHA1_LENGTH);
  if (!sha1(passwordBytes(storePassword), INTEGRITY_SALT, signed).equals(digest)) {
    throw new CertificateFormatError(field, 'WRONG_PASSWORD', 'the keystore password is wrong (or the file is damaged)');
  }
  const entry = entries.find((candidate) => candidate.alias.toLowerCase() === alias.toLowerCase());
  if (!entry) {
    const known = entries.map((candidate) => candidate.alias).join(', ');
    throw new CertificateFormatError(JKS_ALIAS_FIELD, 'ALIAS_NOT_FOUND', `the keystore has no alias "${alias}"; it holds: ${known || 'no entries'}`);
  }
  if (entry.protectedKey) checkKeyPassword(field, entry.alias, entry.protectedKey, aliasPassword);
  return parseX509Der(field, entry.certificates[0]);
}

function readEntries(field: string, bytes: Buffer): JksEntry[] {
  if (bytes.length < 4 || bytes.readUInt32BE(0) !== MAGIC) {
    throw new CertificateFormatError(
      field,
      'MALFORMED',
      'not a JKS keystore; only the JKS format is read (convert a PKCS#12 keystore with keytool -importkeystore -deststoretype JKS)',
    );
  }
  // The trailing digest is not part of the entry data, so the cursor stops before it.
  const cursor = new Cursor(field, bytes, 4, bytes.length - SHA1_LENGTH);
  const version = cursor.u32();
  if (version !== 1 && version !== 2) throw new CertificateFormatError(field, 'MALFORMED', `unsupported JKS version ${version}`);
  const count = cursor.u32();
  const entries: JksEntry[] = [];
  for (let i = 0; i < count; i++) entries.push(readEntry(cursor, version));
  if (!cursor.atEnd()) throw new CertificateFormatError(field, 'MALFORMED', 'the keystore has unexpected bytes after its entries');
  return entries;
}

function readEntry(cursor: Cursor, version: number): JksEntry {
  const tag = cursor.u32();
  const alias = cursor.utf();
  cursor.skip(8); // creation time, milliseconds since the epoch
  if (tag === PRIVATE_KEY_ENTRY) {
    const protectedKey = cursor.take(cursor.u32());
    const chainLength = cursor.u32();
    if (chainLength === 0) throw cursor.malformed(`the key entry "${alias}" has no certificate`);
    const certificates: Buffer[] = [];
    for (let i = 0; i < chainLength; i++) certificates.push(readCertificate(cursor, version));
    return { alias, certificates, protectedKey };
  }
  if (tag === TRUSTED_CERT_ENTRY) return { alias, certificates: [readCertificate(cursor, version)] };
  // Tag 3 (secret key) only exists in JCEKS.
  throw cursor.malformed(`unsupported keystore entry type ${tag}`);
}

function readCertificate(cursor: Cursor, version: number): Buffer {
  // Version 1 predates certificate types and holds X.509 only.
  if (version === 2) {
    const type = cursor.utf();
    if (type !== 'X.509') throw cursor.malformed(`unsupported certificate type "${type}"`);
  }
  return cursor.take(cursor.u32());
}

/**
 * Sun's KeyProtector: the encrypted data is salt (20) + key XOR keystream + SHA1(password + key) (20), where the
 * keystream is SHA1(password + previous block), starting from the salt.
 */
function checkKeyPassword(field: string, alias: string, protectedKey: Buffer, aliasPassword: string): void {
  const encrypted = protectedKeyData(field, alias, protectedKey);
  if (encrypted.length < 2 * SHA1_LENGTH) throw new CertificateFormatError(field, 'MALFORMED', `the protected key of "${alias}" is too short`);
  const password = passwordBytes(aliasPassword);
  const cipherText = encrypted.subarray(SHA1_LENGTH, encrypted.length - SHA1_LENGTH);
  const check = encrypted.subarray(encrypted.length - SHA1_LENGTH);
  const plainKey = Buffer.alloc(cipherText.length);
  let block = encrypted.subarray(0, SHA1_LENGTH);
  for (let offset = 0; offset < cipherText.length; offset += SHA1_LENGTH) {
    block = sha1(password, block);
    for (let i = 0; i < SHA1_LENGTH && offset + i < cipherText.length; i++) plainKey[offset + i] = cipherText[offset + i] ^ block[i];
  }
  if (!sha1(password, plainKey).equals(check)) {
    throw new CertificateFormatError(JKS_ALIAS_PASSWORD_FIELD, 'WRONG_PASSWORD', `the password of alias "${alias}" is wrong`);
  }
}

/** The encryptedData of EncryptedPrivateKeyInfo ::= SEQUENCE { SEQUENCE { OID, NULL }, OCTET STRING }. */
function protectedKeyData(field: string, alias: string, der: Buffer): Buffer {
  const malformed = (detail: string) => new CertificateFormatError(field, 'MALFORMED', `the protected key of "${alias}" ${detail}`);
  const present = (tlv: Tlv | undefined): Tlv => {
    if (!tlv) throw malformed('is not an EncryptedPrivateKeyInfo');
    return tlv;
  };
  const outer = present(readTlv(der, 0, DER_SEQUENCE));
  const algorithm = present(readTlv(outer.content, 0, DER_SEQUENCE));
  const oid = present(readTlv(algorithm.content, 0, DER_OID));
  const data = present(readTlv(outer.content, algorithm.next, DER_OCTET_STRING));
  if (!oid.content.equals(KEY_PROTECTOR_OID)) throw malformed("is not protected with Sun's JKS key protector");
  return data.content;
}

interface Tlv {
  content: Buffer;
  /** Offset just past this element. */
  next: number;
}

/** One DER element of the given tag at `offset`, or undefined when the bytes are not that. */
function readTlv(der: Buffer, offset: number, tag: number): Tlv | undefined {
  if (offset + 2 > der.length || der[offset] !== tag) return undefined;
  let length = der[offset + 1];
  let start = offset + 2;
  if (length & 0x80) {
    const lengthBytes = length & 0x7f;
    if (lengthBytes === 0 || lengthBytes > 4 || start + lengthBytes > der.length) return undefined;
    length = der.readUIntBE(start, lengthBytes);
    start += lengthBytes;
  }
  if (start + length > der.length) return undefined;
  return { content: der.subarray(start, start + length), next: start + length };
}

/** Java's char[] password as bytes: each UTF-16 code unit, big-endian. */
function passwordBytes(password: string): Buffer {
  return Buffer.from(password, 'utf16le').swap16();
}

function sha1(...parts: Buffer[]): Buffer {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** Bounds-checked reads of Java DataOutputStream values; running out of bytes means the file is truncated. */
class Cursor {
  constructor(
    private readonly field: string,
    private readonly bytes: Buffer,
    private pos: number,
    private readonly end: number,
  ) {}

  u32(): number {
    return this.take(4).readUInt32BE(0);
  }

  /** DataOutputStream.writeUTF: a 2-byte length, then modified UTF-8, which is UTF-8 except for NUL and characters beyond U+FFFF. */
  utf(): string {
    return this.take(this.take(2).readUInt16BE(0)).toString('utf8');
  }

  skip(length: number): void {
    this.take(length);
  }

  take(length: number): Buffer {
    if (this.pos + length > this.end) throw this.malformed('the keystore is truncated');
    const slice = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return slice;
  }

  atEnd(): boolean {
    return this.pos === this.end;
  }

  malformed(message: string): CertificateFormatError {
    return new CertificateFormatError(this.field, 'MALFORMED', message);
  }
}
