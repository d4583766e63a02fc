import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptionError, EnvelopeCipher } from './envelope-cipher';
import { MasterKeyring } from './master-keyring';

const envKeyring = (activeKeyId: string, ...ids: string[]) =>
  new MasterKeyring({ source: 'env', keys: ids.map((id) => ({ id, key: Buffer.alloc(32, id) })), activeKeyId });

describe('EnvelopeCipher', () => {
  const cipher = new EnvelopeCipher(envKeyring('k1', 'k1'));
  const secret = Buffer.from('hunter2');

  it('opens what it sealed, and never stores the plaintext', () => {
    const sealed = cipher.seal(secret, 'p1/c1');
    expect(sealed.keyId).toBe('k1');
    expect(Buffer.from(sealed.ciphertext, 'base64').includes(secret)).toBe(false);
    expect(cipher.open(sealed, 'p1/c1').toString()).toBe('hunter2');
  });

  it('gives a fresh data key to every secret', () => {
    const a = cipher.seal(secret, 'p1/c1');
    const b = cipher.seal(secret, 'p1/c1');
    expect(a.wrappedKey).not.toBe(b.wrappedKey);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('refuses a sealed secret moved to another binding, or with its parts swapped with another row', () => {
    const a = cipher.seal(secret, 'p1/c1');
    const b = cipher.seal(Buffer.from('other'), 'p1/c2');
    expect(() => cipher.open(a, 'p1/c2')).toThrow(DecryptionError);
    expect(() => cipher.open({ ...a, ciphertext: b.ciphertext }, 'p1/c1')).toThrow(DecryptionError);
    expect(() => cipher.open({ ...a, wrappedKey: b.wrappedKey }, 'p1/c1')).toThrow(DecryptionError);
  });

  it('refuses every single altered byte', () => {
    const sealed = cipher.seal(secret, 'p1/c1');
    for (const part of ['ciphertext', 'wrappedKey'] as const) {
      const bytes = Buffer.from(sealed[part], 'base64');
      for (let i = 0; i < bytes.length; i++) {
        const altered = Buffer.from(bytes);
        altered[i] ^= 0x01;
        expect(() => cipher.open({ ...sealed, [part]: altered.toString('base64') }, 'p1/c1')).toThrow(DecryptionError);
      }
    }
    expect(() => cipher.open({ ...sealed, ciphertext: 'AAAA' }, 'p1/c1')).toThrow(DecryptionError);
  });

  it('re-wraps under the active key without touching the ciphertext, and names a missing key', () => {
    const sealed = cipher.seal(secret, 'p1/c1');
    const rotated = new EnvelopeCipher(envKeyring('k2', 'k1', 'k2'));
    const rewrapped = rotated.rewrap(sealed, 'p1/c1');
    expect(rewrapped).toMatchObject({ keyId: 'k2', ciphertext: sealed.ciphertext });
    expect(new EnvelopeCipher(envKeyring('k2', 'k2')).open(rewrapped, 'p1/c1').toString()).toBe('hunter2');
    expect(() => new EnvelopeCipher(envKeyring('k2', 'k2')).open(sealed, 'p1/c1')).toThrow('master key k1 is not configured');
  });
});

describe('MasterKeyring from a file', () => {
  it('creates the file with one key, and follows keys another process adds to it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keyring-')), 'keys');
    const running = new MasterKeyring({ source: 'file', file });
    const sealed = new EnvelopeCipher(running).seal(randomBytes(8), 'b');
    expect(sealed.keyId).toBe('k1');

    const added = new MasterKeyring({ source: 'file', file }).addKeyToFile();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(running.key(added.id)?.key.equals(added.key)).toBe(true);
    expect(running.active.id).toBe(added.id);
  });
});
