import { CertificateFormatError } from './certificate-format.error';
import { certificateFixture, thrownError } from '@bkci/testing';
import { parseP12 } from './pkcs12';
import { parseX509Pem } from './x509';

const PASSWORD = 'p12-pass-789';
const modern = certificateFixture('tls.p12');
const tlsSummary = parseX509Pem('cert', certificateFixture('tls.crt').toString('utf8'));

describe('parseP12', () => {
  it.each([
    ['OpenSSL 3 defaults (AES-256, SHA-256 MAC)', 'tls.p12'],
    ['the legacy layout (3DES, SHA-1 MAC)', 'tls-legacy.p12'],
  ])('summarizes the certificate of a file with %s', (_, name) => {
    expect(parseP12('p12File', certificateFixture(name), PASSWORD)).toEqual({
      subject: 'CN=test.bkci.local, O=bkci-ts test, C=CN',
      issuer: 'CN=test.bkci.local, O=bkci-ts test, C=CN',
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2034-01-01T00:00:00Z'),
      fingerprintSha256: tlsSummary.fingerprintSha256,
    });
  });

  it.each(['tls.p12', 'tls-legacy.p12'])('reports a wrong password on the file field (%s)', (name) => {
    for (const wrong of ['nope', '', PASSWORD.toUpperCase()]) {
      const error = thrownError(CertificateFormatError, () => parseP12('p12File', certificateFixture(name), wrong));
      expect(error).toMatchObject({ field: 'p12File', reason: 'WRONG_PASSWORD' });
      expect(error.message).toBe('p12File: the PKCS#12 password is wrong');
    }
  });

  it('rejects every truncation as malformed', () => {
    for (let length = 0; length < modern.length; length++) {
      expect(thrownError(CertificateFormatError, () => parseP12('p12File', modern.subarray(0, length), PASSWORD))).toMatchObject({ field: 'p12File', reason: 'MALFORMED' });
    }
  });

  it.each([
    ['garbage', Buffer.from('this is not a PKCS#12 file')],
    ['a JKS keystore', certificateFixture('android.jks')],
    ['a PEM certificate', certificateFixture('tls.crt')],
  ])('rejects %s', (_, bytes) => {
    const error = thrownError(CertificateFormatError, () => parseP12('p12File', bytes, PASSWORD));
    expect(error).toMatchObject({ field: 'p12File', reason: 'MALFORMED' });
    expect(error.message).toBe('p12File: not a valid PKCS#12 (.p12) file');
  });

  it('catches a byte flipped in the middle', () => {
    const flipped = Buffer.from(modern);
    flipped[flipped.length >> 1] ^= 0x01;
    expect(['WRONG_PASSWORD', 'MALFORMED']).toContain(thrownError(CertificateFormatError, () => parseP12('p12File', flipped, PASSWORD)).reason);
  });
});
