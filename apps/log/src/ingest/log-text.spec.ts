import { highlight, MASK, secretMasker, splitByBytes } from './log-text';

describe('log text', () => {
  it('masks every occurrence, the longest secret first', () => {
    expect(secretMasker(['abc', 'abc123', ''])('pw=abc123 again abc123 and abc')).toBe(`pw=${MASK} again ${MASK} and ${MASK}`);
    expect(secretMasker(['secret'])('nothing here')).toBe('nothing here');
  });

  it('highlights as BK-CI Ansi does: bold colour on every line, then the reset', () => {
    expect(highlight('a\nb', 'red')).toBe('\u001b[1;31ma\n\u001b[1;31mb\u001b[m');
    expect(highlight('warn', 'yellow')).toBe('\u001b[1;33mwarn\u001b[m');
  });

  it('splits on character boundaries within the byte limit', () => {
    expect(splitByBytes('short', 10)).toEqual(['short']);
    expect(splitByBytes('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    // '€' is 3 bytes, '😀' 4 (a surrogate pair): neither is cut.
    const pieces = splitByBytes('€€€😀😀', 7);
    expect(pieces).toEqual(['€€', '€😀', '😀']);
    for (const piece of pieces) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(7);
    expect(pieces.join('')).toBe('€€€😀😀');
  });
});
