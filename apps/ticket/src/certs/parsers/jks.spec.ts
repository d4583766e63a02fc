import { createHash } from 'node:crypto';
import { CertificateFormatError } from './certificate-format.error';
import { certificateFixture, thrownError } from '@bkci/testing';
import { JKS_ALIAS_FIELD, JKS_ALIAS_PASSWORD_FIELD, parseJks } from './jks';
import { parseX509Pem } from './x509';

const android = certificateFixture('android.jks');
const trusted = certificateFixture('trusted.jks');
const tlsSummary = parseX509Pem('cert', certificateFixture('tls.crt').toString('utf8'));

const STORE_PASSWORD = 'store-pass-123';
const ALIAS = 'release-key';
const ALIAS_PASSWORD = 'alias-pass-456';
const TRUSTED_PASSWORD = 'trust-pass-123';

/** Recomputes the integrity digest, as if the edited bytes had been written by Java with `password`. */
function resign(bytes: Buffer, password: string): Buffer {
  const body = bytes.subarray(0, bytes.length - 20);
  const digest = createHash('sha1')
    .update(Buffer.from(password, 'utf16le').swap16())
    .update('Mighty Aphrodite')
    .update(body)
    .digest();
  return Buffer.concat([body, digest]);
}

describe('parseJks', () => {
  it('summarizes the first certificate of a private-key entry', () => {
    const summary = parseJks('fileJks', android, STORE_PASSWORD, ALIAS, ALIAS_PASSWORD);
    expect(summary).toMatchObject({
      subject: 'C=CN, O=bkci-ts test, CN=Android Release',
      issuer: 'C=CN, O=bkci-ts test, CN=Android Release',
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2034-01-01T00:00:00Z'),
    });
    expect(summary.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('finds the alias whatever its case (keytool stores it lower-cased)', () => {
    expect(parseJks('fileJks', android, STORE_PASSWORD, 'Release-KEY', ALIAS_PASSWORD).subject).toBe('C=CN, O=bkci-ts test, CN=Android Release');
  });

  it('summarizes a trusted-certificate entry, without needing an alias password', () => {
    expect(parseJks('fileJks', trusted, TRUSTED_PASSWORD, 'tls-ca', '')).toEqual(tlsSummary);
    expect(parseJks('fileJks', android, STORE_PASSWORD, 'tls-ca', '')).toEqual(tlsSummary);
  });

  it('reads version 1 keystores, which have no certificate type strings', () => {
    // trusted.jks: magic, version, count, tag, alias "tls-ca" (2 + 6), timestamp (8), then the type "X.509" (2 + 5) at offset 32.
    const v1 = Buffer.concat([trusted.subarray(0, 32), trusted.subarray(39)]);
    v1.writeUInt32BE(1, 4);
    expect(parseJks('fileJks', resign(v1, TRUSTED_PASSWORD), TRUSTED_PASSWORD, 'tls-ca', '')).toEqual(tlsSummary);
  });

  it('reports a wrong store password on the keystore field', () => {
    const error = thrownError(CertificateFormatError, () => parseJks('fileJks', android, 'nope', ALIAS, ALIAS_PASSWORD));
    expect(error).toMatchObject({ field: 'fileJks', reason: 'WRONG_PASSWORD' });
    expect(error.message).toMatch(/^fileJks: the keystore password is wrong/);
  });

  it('reports a wrong alias password on the alias password field', () => {
    for (const wrong of ['nope', STORE_PASSWORD, '']) {
      const error = thrownError(CertificateFormatError, () => parseJks('fileJks', android, STORE_PASSWORD, ALIAS, wrong));
      expect(error).toMatchObject({ field: JKS_ALIAS_PASSWORD_FIELD, reason: 'WRONG_PASSWORD' });
      expect(error.message).toBe('aliasPassword: the password of alias "release-key" is wrong');
    }
  });

  it('reports an unknown alias and lists the ones there are', () => {
    const error = thrownError(CertificateFormatError, () => parseJks('fileJks', android, STORE_PASSWORD, 'debug', ALIAS_PASSWORD));
    expect(error).toMatchObject({ field: JKS_ALIAS_FIELD, reason: 'ALIAS_NOT_FOUND' });
    expect(error.message).toMatch(/no alias "debug"; it holds: (release-key, tls-ca|tls-ca, release-key)$/);
  });

  it('reports any alias as unknown in an empty keystore', () => {
    const empty = Buffer.from('feedfeed0000000200000000' + '00'.repeat(20), 'hex');
    const error = thrownError(CertificateFormatError, () => parseJks('fileJks', resign(empty, STORE_PASSWORD), STORE_PASSWORD, ALIAS, ALIAS_PASSWORD));
    expect(error).toMatchObject({ field: JKS_ALIAS_FIELD, reason: 'ALIAS_NOT_FOUND' });
    expect(error.message).toMatch(/it holds: no entries$/);
  });

  it('checks the store password before looking for the alias', () => {
    expect(thrownError(CertificateFormatError, () => parseJks('fileJks', android, 'nope', 'debug', ''))).toMatchObject({ reason: 'WRONG_PASSWORD' });
  });

  it('rejects every truncation as malformed', () => {
    for (let length = 0; length < android.length; length++) {
      expect(thrownError(CertificateFormatError, () => parseJks('fileJks', android.subarray(0, length), STORE_PASSWORD, ALIAS, ALIAS_PASSWORD))).toMatchObject({
        field: 'fileJks',
        reason: 'MALFORMED',
      });
    }
  });

  it.each([
    ['garbage', Buffer.from('this is not a keystore at all, not even close')],
    ['an empty file', Buffer.alloc(0)],
    ['a PKCS#12 keystore', certificateFixture('tls.p12')],
  ])('rejects %s, saying only JKS is read', (_, bytes) => {
    const error = thrownError(CertificateFormatError, () => parseJks('fileJks', bytes, STORE_PASSWORD, ALIAS, ALIAS_PASSWORD));
    expect(error).toMatchObject({ field: 'fileJks', reason: 'MALFORMED' });
    expect(error.message).toMatch(/only the JKS format is read/);
  });

  it('catches a byte flipped in the middle through the integrity digest', () => {
    const flipped = Buffer.from(android);
    flipped[flipped.length >> 1] ^= 0x01;
    expect(['WRONG_PASSWORD', 'MALFORMED']).toContain(thrownError(CertificateFormatError, () => parseJks('fileJks', flipped, STORE_PASSWORD, ALIAS, ALIAS_PASSWORD)).reason);
  });

  it('never throws anything but a CertificateFormatError when any single byte is flipped', () => {
    for (let offset = 0; offset < android.length; offset++) {
      const flipped = Buffer.from(android);
      flipped[offset] ^= 0x80;
      expect(['WRONG_PASSWORD', 'MALFORMED']).toContain(thrownError(CertificateFormatError, () => parseJks('fileJks', flipped, STORE_PASSWORD, ALIAS, ALIAS_PASSWORD)).reason);
    }
  });

  it('catches a damaged protected key through its check digest even when the store digest is recomputed', () => {
    const damaged = Buffer.from(android);
    damaged[200] ^= 0x01; // inside the encrypted key of the first entry
    expect(thrownError(CertificateFormatError, () => parseJks('fileJks', resign(damaged, STORE_PASSWORD), STORE_PASSWORD, ALIAS, ALIAS_PASSWORD))).toMatchObject({
      field: JKS_ALIAS_PASSWORD_FIELD,
      reason: 'WRONG_PASSWORD',
    });
  });

  it('rejects a key protected by anything but the JKS key protector', () => {
    const oid = Buffer.from('2b060104012a02110101', 'hex');
    const edited = Buffer.from(android);
    edited[edited.indexOf(oid) + oid.length - 1] = 0x02;
    const error = thrownError(CertificateFormatError, () => parseJks('fileJks', resign(edited, STORE_PASSWORD), STORE_PASSWORD, ALIAS, ALIAS_PASSWORD));
    expect(error).toMatchObject({ field: 'fileJks', reason: 'MALFORMED' });
    expect(error.message).toMatch(/JKS key protector/);
  });

  it('rejects entry types JKS does not have (JCEKS secret keys)', () => {
    const edited = Buffer.from(trusted);
    edited.writeUInt32BE(3, 12);
    expect(thrownError(CertificateFormatError, () => parseJks('fileJks', resign(edited, TRUSTED_PASSWORD), TRUSTED_PASSWORD, 'tls-ca', ''))).toMatchObject({ reason: 'MALFORMED' });
  });

  it('rejects bytes after the last entry', () => {
    const padded = Buffer.concat([trusted.subarray(0, trusted.length - 20), Buffer.alloc(4), trusted.subarray(trusted.length - 20)]);
    expect(thrownError(CertificateFormatError, () => parseJks('fileJks', resign(padded, TRUSTED_PASSWORD), TRUSTED_PASSWORD, 'tls-ca', ''))).toMatchObject({ reason: 'MALFORMED' });
  });
});
