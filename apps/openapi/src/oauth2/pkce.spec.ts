import { createHash } from 'node:crypto';
import { challengeMethodOf, isWellFormedChallenge, verifierMatches } from './pkce';

// RFC 7636 Appendix B's example.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const S256_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE', () => {
  it("matches RFC 7636's S256 example, and a plain challenge equal to the verifier", () => {
    expect(createHash('sha256').update(VERIFIER).digest('base64url')).toBe(S256_CHALLENGE);
    expect(verifierMatches(VERIFIER, S256_CHALLENGE, 'S256')).toBe(true);
    expect(verifierMatches(VERIFIER, VERIFIER, 'plain')).toBe(true);
  });

  it('refuses a wrong verifier, the challenge itself as an S256 verifier, and a verifier of the wrong form', () => {
    expect(verifierMatches(`${VERIFIER.slice(0, -1)}Y`, S256_CHALLENGE, 'S256')).toBe(false);
    expect(verifierMatches(S256_CHALLENGE, S256_CHALLENGE, 'S256')).toBe(false);
    expect(verifierMatches(VERIFIER, S256_CHALLENGE, 'plain')).toBe(false);
    expect(verifierMatches('short', 'short', 'plain')).toBe(false);
    expect(verifierMatches(`${VERIFIER}!`, `${VERIFIER}!`, 'plain')).toBe(false);
  });

  it('reads the method, plain when absent, and nothing else', () => {
    expect(challengeMethodOf(undefined)).toBe('plain');
    expect(challengeMethodOf('plain')).toBe('plain');
    expect(challengeMethodOf('S256')).toBe('S256');
    expect(challengeMethodOf('s256')).toBeNull();
    expect(challengeMethodOf('SHA256')).toBeNull();
  });

  it('takes a challenge of 43 to 128 unreserved characters only', () => {
    expect(isWellFormedChallenge(S256_CHALLENGE)).toBe(true);
    expect(isWellFormedChallenge('a'.repeat(128))).toBe(true);
    expect(isWellFormedChallenge('a'.repeat(42))).toBe(false);
    expect(isWellFormedChallenge('a'.repeat(129))).toBe(false);
    expect(isWellFormedChallenge(`${'a'.repeat(42)}+`)).toBe(false);
  });
});
