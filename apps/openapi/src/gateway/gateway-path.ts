import { posix } from 'node:path';

/** A request to `/ms/<app>/<rest>`, split for routing. */
export interface GatewayPath {
  app: string;
  /** What is forwarded: `<rest>` as sent, with dot segments resolved and `//` collapsed. */
  rest: string;
  /**
   * What the gateway's checks look at: `<rest>` %-decoded, `..` resolved once more after decoding,
   * `//` collapsed and lower-cased, so that `/API/service`, `/api%2Fservice` or `/api/%73ervice`
   * read as `/api/service`.
   */
  canonical: string;
  /** The query string with its `?`, or ''. */
  search: string;
}

/** A path with a %-escape that does not decode. */
export class MalformedPath extends Error {}

const GATEWAY_PATH = /^\/ms\/([a-z]+)(\/.*)?$/;

/** Null when `url` is not under `/ms/<app>`. Throws MalformedPath for an escape that does not decode. */
export function parseGatewayPath(url: string): GatewayPath | null {
  if (!url.startsWith('/ms/')) return null;
  // The URL parser resolves `.` and `..` segments, `%2e` spellings included.
  const { pathname, search } = new URL(url, 'http://gateway');
  const match = GATEWAY_PATH.exec(pathname);
  if (!match) return null;
  const rest = (match[2] ?? '/').replace(/\/{2,}/g, '/');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    throw new MalformedPath(`The path has a malformed %-escape: ${rest.slice(0, 200)}`);
  }
  return { app: match[1], rest, canonical: posix.normalize(decoded).toLowerCase(), search };
}

/** Whether the canonical path is `prefix` or below it. */
export function isUnder(canonical: string, prefix: string): boolean {
  return canonical === prefix || canonical.startsWith(`${prefix}/`);
}

/** bk-apigateway's public form: `/{v3|v4}/{apigw-app|apigw-user}/<rest>`. */
const APIGATEWAY_FORM = /^\/(v3|v4)\/(apigw-app|apigw-user)\/(.*)$/;
/**
 * BK-CI's legacy vhost (`devops.openapi.conf`): `/prod/{v2/|v3/|v4/|}{apigw-app|apigw-user|apigw}/<rest>` is
 * `/api/<type>/<version><rest>`; without a version segment `<rest>` starts with the version itself.
 */
const PROD_FORM = /^\/prod\/(v2\/|v3\/|v4\/|)(apigw-app|apigw-user|apigw)\/(.*)$/;

/**
 * The `/ms/openapi/api/<type>/<version>/<rest>` URL that a call in one of BK-CI's public OpenAPI forms
 * stands for, its query untouched; null for any other URL. The form is matched, as nginx matches a
 * location, on the path with dot segments resolved and `//` collapsed, so `..` cannot climb out of it;
 * the gateway then reads the result like any `/ms/` URL.
 */
export function fromPublicForm(url: string): string | null {
  // Also keeps a `//host/...` target away from the URL parser, which would read it as a host.
  if (!/^\/(?:v3|v4|prod)\//.test(url)) return null;
  const queryAt = url.indexOf('?');
  const query = queryAt === -1 ? '' : url.slice(queryAt);
  const path = new URL(queryAt === -1 ? url : url.slice(0, queryAt), 'http://gateway').pathname.replace(/\/{2,}/g, '/');
  const apigateway = APIGATEWAY_FORM.exec(path);
  if (apigateway) return `/ms/openapi/api/${apigateway[2]}/${apigateway[1]}/${apigateway[3]}${query}`;
  const prod = PROD_FORM.exec(path);
  if (prod) return `/ms/openapi/api/${prod[2]}/${prod[1]}${prod[3]}${query}`;
  return null;
}

const OPENAPI_CALL = /^\/api\/(apigw-user|apigw-app|apigw)(?:$|\/([^/]*))/;

/**
 * For an OpenAPI call under `/ms/openapi` (its canonical path) that is not a v4 call, what to tell the
 * caller: only v4 is served here. Null for a v4 call or any other path.
 */
export function unservedApiVersion(canonical: string): string | null {
  const call = OPENAPI_CALL.exec(canonical);
  if (!call || call[2] === 'v4') return null;
  const asked = /^v\d+$/.test(call[2] ?? '') ? `${call[2]} is` : 'a call that names no version is';
  return `This gateway serves BK-CI's OpenAPI v4 only (/${call[1]}/v4/...); ${asked} not served`;
}
