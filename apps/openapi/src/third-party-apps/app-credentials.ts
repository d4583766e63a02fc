/** BK-CI's app-mode headers (lower-cased, as Node names them). */
export const APP_CODE_HEADER = 'x-devops-app-code';
export const APP_SECRET_HEADER = 'x-devops-app-secret';
export const USER_HEADER = 'x-devops-uid';
/** bk-apigateway's: `{"bk_app_code": "...", "bk_app_secret": "...", "bk_username": "..."}`, as BK-CI's own clients send it. */
export const BKAPI_AUTHORIZATION_HEADER = 'x-bkapi-authorization';

/** Credentials only the gateway reads: never forwarded to the apps behind it. */
export const APP_CREDENTIAL_HEADERS = [APP_SECRET_HEADER, BKAPI_AUTHORIZATION_HEADER];

/** What an app-mode call says about who calls: the app, its secret, and the user it acts for (null when it names none). */
export interface AppCredentials {
  appCode: string;
  secret: string;
  userId: string | null;
}

type HeaderOf = (name: string) => string | undefined;

const MAX_LENGTH = 256;

/**
 * The app credentials a request carries, or a message saying what is missing. The X-DEVOPS pair
 * wins over X-Bkapi-Authorization when both are sent; the user is X-DEVOPS-UID, else bk_username.
 */
export function appCredentialsOf(header: HeaderOf): AppCredentials | string {
  const bkapi = bkapiAuthorizationOf(header(BKAPI_AUTHORIZATION_HEADER));
  if (typeof bkapi === 'string') return bkapi;
  const appCode = text(header(APP_CODE_HEADER));
  const secret = text(header(APP_SECRET_HEADER));
  const userId = text(header(USER_HEADER)) ?? bkapi?.userId ?? null;
  if (appCode !== null && secret !== null) return { appCode, secret, userId };
  if (bkapi?.appCode && bkapi.secret) return { appCode: bkapi.appCode, secret: bkapi.secret, userId };
  return 'App-mode calls need the app code and secret in X-DEVOPS-APP-CODE and X-DEVOPS-APP-SECRET, or in X-Bkapi-Authorization as {"bk_app_code", "bk_app_secret"}';
}

interface BkapiAuthorization {
  appCode: string | null;
  secret: string | null;
  userId: string | null;
}

/** The fields of X-Bkapi-Authorization (null when it is not sent), or a message when it is not a JSON object. */
function bkapiAuthorizationOf(value: string | undefined): BkapiAuthorization | null | string {
  if (text(value) === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value!);
  } catch {
    parsed = null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return 'X-Bkapi-Authorization must be a JSON object such as {"bk_app_code": "...", "bk_app_secret": "...", "bk_username": "..."}';
  }
  const fields = parsed as Record<string, unknown>;
  return { appCode: text(fields.bk_app_code), secret: text(fields.bk_app_secret), userId: text(fields.bk_username) };
}

/** A non-empty string of sane length, trimmed; anything else counts as absent. */
function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' || trimmed.length > MAX_LENGTH ? null : trimmed;
}
