import { parsePlistXml, PlistSyntaxError } from './plist';

function plist(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">${body}</plist>`;
}

describe('parsePlistXml', () => {
  it('reads every supported element', () => {
    const value = parsePlistXml(
      plist(`
      <dict>
        <!-- a comment -->
        <key>s</key><string>a &amp; b &lt;c&gt; &#x4E2D;&#25991;</string>
        <key>empty</key><string/>
        <key>when</key><date>2025-06-30T12:34:56Z</date>
        <key>bytes</key><data>
          aGVs
          bG8=
        </data>
        <key>n</key><integer>-42</integer>
        <key>x</key><real>1.5</real>
        <key>yes</key><true/>
        <key>no</key><false/>
        <key>list</key><array><string>one</string><array/><dict/></array>
      </dict>`),
    );
    expect(value).toEqual({
      s: 'a & b <c> 中文',
      empty: '',
      when: new Date('2025-06-30T12:34:56Z'),
      bytes: Buffer.from('hello'),
      n: -42,
      x: 1.5,
      yes: true,
      no: false,
      list: ['one', [], {}],
    });
  });

  it('treats "__proto__" as an ordinary key', () => {
    const value = parsePlistXml(plist('<dict><key>__proto__</key><dict><key>polluted</key><true/></dict></dict>')) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(value.polluted).toBeUndefined();
  });

  it.each([
    ['a missing root', '<?xml version="1.0"?><dict></dict>'],
    ['an unsupported element', plist('<set></set>')],
    ['an unclosed dict', plist('<dict><key>a</key><string>b</string>')],
    ['a value without a key', plist('<dict><string>b</string></dict>')],
    ['a mismatched close tag', plist('<array></dict>')],
    ['a bad date', plist('<date>30/06/2025</date>')],
    ['bad base64', plist('<data>not base64!</data>')],
    ['a bad integer', plist('<integer>twelve</integer>')],
    ['an unknown entity', plist('<string>&nbsp;</string>')],
    ['an out-of-range character reference', plist('<string>&#x110000;</string>')],
    ['text between elements', plist('<dict>stray<key>a</key><true/></dict>')],
    ['CDATA', plist('<string><![CDATA[x]]></string>')],
    ['deep nesting', plist('<array>'.repeat(10000) + '</array>'.repeat(10000))],
    ['an empty document', ''],
  ])('rejects %s with a PlistSyntaxError', (_, xml) => {
    expect(() => parsePlistXml(xml)).toThrow(PlistSyntaxError);
  });
});
