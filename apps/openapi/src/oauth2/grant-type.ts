/** The grants served here. BK-CI's `pass_word` (the resource owner's password) is not: users have no passwords here. */
export const GRANT_TYPES = ['authorization_code', 'client_credentials', 'refresh_token'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/**
 * The grant a request names, or null when it is none of GRANT_TYPES. BK-CI's clients send its enum's
 * names (`AUTHORIZATION_CODE`), RFC 6749 clients the lower-case form; both are read.
 */
export function grantTypeOf(value: string): GrantType | null {
  const lower = value.toLowerCase();
  return (GRANT_TYPES as readonly string[]).includes(lower) ? (lower as GrantType) : null;
}
