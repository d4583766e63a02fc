import { BKCI_HASH_IDS, HashIds } from './hash-ids';

const DEFAULT_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890';

describe('HashIds', () => {
  it('encodes as the reference implementation does (hashids.org README vectors)', () => {
    expect(new HashIds('this is my salt', 0, DEFAULT_ALPHABET).encode(12345)).toBe('NkK9');
    expect(new HashIds('this is my salt', 8, DEFAULT_ALPHABET).encode(1)).toBe('gB0NV05e');
  });

  it('decodes what it encodes, with BK-CI settings: 8 lowercase letters at least', () => {
    for (const id of [0, 1, 7, 99, 100, 12345, 2 ** 40]) {
      const hash = BKCI_HASH_IDS.encode(id);
      expect(hash).toMatch(/^[a-z]{8,}$/);
      expect(BKCI_HASH_IDS.decode(hash)).toBe(id);
    }
  });

  it('decodes nothing from a string it did not make', () => {
    expect(BKCI_HASH_IDS.decode('')).toBeNull();
    expect(BKCI_HASH_IDS.decode('ABCDEFGH')).toBeNull();
    const hash = BKCI_HASH_IDS.encode(42);
    expect(BKCI_HASH_IDS.decode(hash.slice(0, -1) + (hash.endsWith('a') ? 'b' : 'a'))).toBeNull();
  });

  it('refuses to encode a negative or fractional number', () => {
    expect(() => BKCI_HASH_IDS.encode(-1)).toThrow(RangeError);
    expect(() => BKCI_HASH_IDS.encode(1.5)).toThrow(RangeError);
  });
});
