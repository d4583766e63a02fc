import { createHash, randomBytes } from 'node:crypto';

/**
 * The secrets the gateway issues (personal access tokens, app secrets, OAuth2 codes and tokens):
 * 32 random bytes behind a prefix that tells their kind before any lookup. Only their SHA-256 is
 * stored; a presented secret is found by it.
 */
export function newBearerSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashBearerSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
