/** Who is calling, as proven by a verified service token. */
export interface Caller {
  /** The end user the request acts for. */
  userId: string;
  /** The app that minted the token: `openapi` for user traffic, another app name for service calls. */
  issuer: string;
  /** The third-party app code when the user came through the gateway in app mode. */
  appCode: string | null;
  /** System administrators pass every permission check. */
  admin: boolean;
}

export const CALLER_KEY = 'bkciCaller';

export function callerOf(request: object): Caller | undefined {
  return (request as Record<string, Caller | undefined>)[CALLER_KEY];
}

export function setCaller(request: object, caller: Caller): void {
  (request as Record<string, Caller>)[CALLER_KEY] = caller;
}
