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
