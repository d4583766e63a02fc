import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { MasterKeyring } from './master-keyring';

/** What is stored for one secret: its ciphertext, and its data key wrapped by a master key. */
export interface SealedSecret {
  keyId: string;
  wrappedKey: string;
  ciphertext: string;
}

/** A ciphertext that does not open: wrong key, altered bytes, or a row moved to another secret. */
export class DecryptionError extends Error {}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM envelope encryption. Each secret gets its own random data key; the data key is
 * wrapped by the active master key. `binding` (e.g. project and credential id) is authenticated
 * with both, so a ciphertext copied to another row, or a wrapped key swapped between rows,
 * fails to open instead of yielding someone else's plaintext.
 */
export class EnvelopeCipher {
  constructor(private readonly keyring: MasterKeyring) {}

  seal(plaintext: Buffer, binding: string): SealedSecret {
    const dataKey = randomBytes(32);
    const master = this.keyring.active;
    return {
      keyId: master.id,
      wrappedKey: encrypt(master.key, dataKey, wrapBinding(binding, master.id)),
      ciphertext: encrypt(dataKey, plaintext, binding),
    };
  }

  open(sealed: SealedSecret, binding: string): Buffer {
    return decrypt(this.unwrap(sealed, binding), sealed.ciphertext, binding);
  }

  /** The same secret with its data key wrapped under the active master key; the ciphertext is untouched. */
  rewrap(sealed: SealedSecret, binding: string): SealedSecret {
    const master = this.keyring.active;
    return { keyId: master.id, wrappedKey: encrypt(master.key, this.unwrap(sealed, binding), wrapBinding(binding, master.id)), ciphertext: sealed.ciphertext };
  }

  private unwrap(sealed: SealedSecret, binding: string): Buffer {
    const master = this.keyring.key(sealed.keyId);
    if (!master) throw new DecryptionError(`master key ${sealed.keyId} is not configured`);
    return decrypt(master.key, sealed.wrappedKey, wrapBinding(binding, master.id));
  }
}

function wrapBinding(binding: string, keyId: string): string {
  return JSON.stringify(['data-key', keyId, binding]);
}

/** iv ‖ tag ‖ ciphertext, base64. */
function encrypt(key: Buffer, plaintext: Buffer, binding: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(binding, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function decrypt(key: Buffer, sealed: string, binding: string): Buffer {
  const bytes = Buffer.from(sealed, 'base64');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new DecryptionError('ciphertext is truncated');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(binding, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionError('ciphertext failed authentication');
  }
}
