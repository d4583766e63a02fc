import { CertificateFormatError } from './certificate-format.error';
import { certificateFixture, thrownError } from '@bkci/testing';
import { parseMobileProvision } from './mobile-provision';

const profile = certificateFixture('test.mobileprovision');

/** A profile-like file: the plist between bytes that stand in for the CMS envelope. */
function wrapped(dictBody: string): Buffer {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>${dictBody}</dict></plist>`;
  return Buffer.concat([Buffer.from([0x30, 0x82, 0x0e, 0x92, 0x06, 0x09]), Buffer.from(xml, 'utf8'), Buffer.from([0xa0, 0x82, 0x01, 0x00])]);
}

const REQUIRED_KEYS = `
  <key>Name</key><string>Inline</string>
  <key>TeamName</key><string>Inline Team</string>
  <key>UUID</key><string>11111111-2222-3333-4444-555555555555</string>
  <key>ExpirationDate</key><date>2026-02-03T04:05:06Z</date>`;

function derBase64(pemFixture: string): string {
  return certificateFixture(pemFixture)
    .toString('utf8')
    .replace(/-----[^-]+-----/g, '')
    .replace(/\s+/g, '');
}

describe('parseMobileProvision', () => {
  it('reads the signed profile', () => {
    expect(parseMobileProvision('mobileProvisionFile', profile)).toEqual({
      name: 'bkci-ts Test Profile',
      teamName: '蓝鲸 Test Team',
      uuid: '0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0',
      developerName: 'test.bkci.local',
      expirationDate: new Date('2025-06-30T12:34:56Z'),
    });
  });

  it('names the developer after the first certificate, unescaped', () => {
    const bytes = wrapped(`${REQUIRED_KEYS}
      <key>DeveloperCertificates</key>
      <array><data>${derBase64('apple-developer.crt')}</data><data>${derBase64('tls.crt')}</data></array>`);
    expect(parseMobileProvision('mobileProvisionFile', bytes).developerName).toBe('Apple Distribution: 蓝鲸, Inc. (ABCDE12345)');
  });

  it('falls back to the team name without developer certificates', () => {
    expect(parseMobileProvision('mobileProvisionFile', wrapped(REQUIRED_KEYS))).toEqual({
      name: 'Inline',
      teamName: 'Inline Team',
      uuid: '11111111-2222-3333-4444-555555555555',
      developerName: 'Inline Team',
      expirationDate: new Date('2026-02-03T04:05:06Z'),
    });
    expect(parseMobileProvision('f', wrapped(`${REQUIRED_KEYS}<key>DeveloperCertificates</key><array/>`)).developerName).toBe('Inline Team');
  });

  it.each(['Name', 'TeamName', 'UUID', 'ExpirationDate'])('rejects a profile without %s', (key) => {
    const withoutKey = REQUIRED_KEYS.replace(new RegExp(`<key>${key}</key><(string|date)>[^<]*</(string|date)>`), '');
    const error = thrownError(CertificateFormatError, () => parseMobileProvision('mobileProvisionFile', wrapped(withoutKey)));
    expect(error).toMatchObject({ field: 'mobileProvisionFile', reason: 'MALFORMED' });
    expect(error.message).toContain(`no ${key}`);
  });

  it.each([
    ['a certificate that is not DER', '<key>DeveloperCertificates</key><array><data>aGVsbG8=</data></array>'],
    ['a certificate list that is not a list', '<key>DeveloperCertificates</key><string>x</string>'],
    ['a certificate that is not data', '<key>DeveloperCertificates</key><array><string>x</string></array>'],
  ])('rejects %s', (_, extra) => {
    expect(thrownError(CertificateFormatError, () => parseMobileProvision('mobileProvisionFile', wrapped(REQUIRED_KEYS + extra)))).toMatchObject({
      field: 'mobileProvisionFile',
      reason: 'MALFORMED',
    });
  });

  it.each([
    ['garbage', Buffer.from('definitely not a provisioning profile')],
    ['an empty file', Buffer.alloc(0)],
    ['a keystore', certificateFixture('android.jks')],
    ['a plist that is not a dict', Buffer.from('<?xml version="1.0"?><plist><array/></plist>')],
  ])('rejects %s', (_, bytes) => {
    expect(thrownError(CertificateFormatError, () => parseMobileProvision('mobileProvisionFile', bytes))).toMatchObject({ field: 'mobileProvisionFile', reason: 'MALFORMED' });
  });

  it('rejects every truncation inside the property list', () => {
    const end = profile.indexOf('</plist>') + '</plist>'.length;
    for (let length = 0; length < end; length++) {
      expect(thrownError(CertificateFormatError, () => parseMobileProvision('mobileProvisionFile', profile.subarray(0, length)))).toMatchObject({ reason: 'MALFORMED' });
    }
  });

  it('rejects a property list cut anywhere before its root dict closes, even when "</plist>" follows', () => {
    const start = profile.indexOf('<?xml');
    const rootDictEnd = profile.lastIndexOf('</dict>');
    for (let length = start; length < rootDictEnd; length++) {
      const cut = Buffer.concat([profile.subarray(0, length), Buffer.from('</plist>')]);
      expect(thrownError(CertificateFormatError, () => parseMobileProvision('mobileProvisionFile', cut))).toMatchObject({ reason: 'MALFORMED' });
    }
  });
});
