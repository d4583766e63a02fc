import { createHash, timingSafeEqual } from 'node:crypto';

/** RFC 7636's two methods; `plain` is the default when a challenge names none. */
export type CodeChallengeMethod = 'S256' | 'plain';

/** RFC 7636 §4.1: a verifier (and so a plain challenge) is 43–128 unreserved characters; an S256 challenge is 43. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** The method named, or null when it is neither `S256` nor `plain` (absent means `plain`). */
export function challengeMethodOf(method: string | undefined): CodeChallengeMethod | null {
  if (method === undefined || method === 'plain') return 'plain';
  if (method === 'S256') return 'S256';
  return null;
}

export function isWellFormedChallenge(challenge: string): boolean {
  return VERIFIER.test(challenge);
}

/** Whether `verifier` answers `challenge` (RFC 7636 §4.6), compared in constant time. */
export function verifierMatches(verifier: string, challenge: string, method: CodeChallengeMethod): boolean {
  if (!VERIFIER.test(verifier)) return false;
  const derived = method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
  const given = Buffer.from(derived);
  const expected = Buffer.from(challenge);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
