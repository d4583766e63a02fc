import { createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { CertificateFormatError } from './certificate-format.error';
import { certificateFixture, thrownError } from '@bkci/testing';
import { assertKeyMatchesCertificate, assertPrivateKeyPem, parseX509Der, parseX509Pem, subjectCommonName } from './x509';

const certPem = certificateFixture('tls.crt').toString('utf8');
const keyPem = certificateFixture('tls.key').toString('utf8');

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

function colonHex(bytes: Buffer): string {
  return bytes.toString('hex').toUpperCase().match(/../g)!.join(':');
}

describe('parseX509Pem / parseX509Der', () => {
  it('summarizes the self-signed TLS certificate', () => {
    expect(parseX509Pem('serverCrtFile', certPem)).toEqual({
      subject: 'CN=test.bkci.local, O=bkci-ts test, C=CN',
      issuer: 'CN=test.bkci.local, O=bkci-ts test, C=CN',
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2034-01-01T00:00:00Z'),
      fingerprintSha256: colonHex(createHash('sha256').update(pemToDer(certPem)).digest()),
    });
  });

  it('reads the same certificate from DER', () => {
    expect(parseX509Der('serverCrtFile', pemToDer(certPem))).toEqual(parseX509Pem('serverCrtFile', certPem));
  });

  it('rejects text without a PEM certificate block, naming the field in the message', () => {
    const error = thrownError(CertificateFormatError, () => parseX509Pem('serverCrtFile', 'hello'));
    expect(error).toMatchObject({ field: 'serverCrtFile', reason: 'MALFORMED' });
    expect(error.message).toMatch(/^serverCrtFile: expected a PEM certificate/);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(CertificateFormatError);
  });

  it('rejects a PEM block whose body is damaged', () => {
    const damaged = certPem.replace(/\n[A-Za-z0-9+/]{20}/, '\nAAAAAAAAAAAAAAAAAAAA');
    expect(thrownError(CertificateFormatError, () => parseX509Pem('serverCrtFile', damaged))).toMatchObject({ field: 'serverCrtFile', reason: 'MALFORMED' });
  });

  it.each([0, 1, 100, 500])('rejects DER truncated to %d bytes', (length) => {
    expect(thrownError(CertificateFormatError, () => parseX509Der('cert', pemToDer(certPem).subarray(0, length)))).toMatchObject({ field: 'cert', reason: 'MALFORMED' });
  });

  it('rejects a private key given as certificate', () => {
    expect(thrownError(CertificateFormatError, () => parseX509Pem('serverCrtFile', keyPem))).toMatchObject({ reason: 'MALFORMED' });
  });
});

describe('subjectCommonName', () => {
  it('unescapes commas and keeps non-ASCII characters', () => {
    expect(subjectCommonName('cert', pemToDer(certificateFixture('apple-developer.crt').toString('utf8')))).toBe('Apple Distribution: 蓝鲸, Inc. (ABCDE12345)');
  });
});

describe('assertPrivateKeyPem', () => {
  it('accepts the TLS key', () => {
    expect(() => assertPrivateKeyPem('serverKeyFile', keyPem)).not.toThrow();
  });

  it('asks for an unencrypted key when the key has a passphrase', () => {
    const encrypted = createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }).toString();
    const error = thrownError(CertificateFormatError, () => assertPrivateKeyPem('serverKeyFile', encrypted));
    expect(error).toMatchObject({ field: 'serverKeyFile', reason: 'MALFORMED' });
    expect(error.message).toMatch(/encrypted/);
  });

  it.each([
    ['a certificate', certPem],
    ['garbage', 'not a key'],
    ['a truncated key', keyPem.slice(0, keyPem.length / 2)],
  ])('rejects %s', (_, pem) => {
    expect(thrownError(CertificateFormatError, () => assertPrivateKeyPem('serverKeyFile', pem))).toMatchObject({ field: 'serverKeyFile', reason: 'MALFORMED' });
  });
});

describe('assertKeyMatchesCertificate', () => {
  it('accepts the key the certificate was issued for', () => {
    expect(() => assertKeyMatchesCertificate('serverKeyFile', keyPem, certPem)).not.toThrow();
  });

  it('rejects another key', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const error = thrownError(CertificateFormatError, () => assertKeyMatchesCertificate('serverKeyFile', other, certPem));
    expect(error).toMatchObject({ field: 'serverKeyFile', reason: 'MALFORMED' });
    expect(error.message).toMatch(/does not belong to the certificate/);
  });
});
