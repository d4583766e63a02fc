import { Caller, GATEWAY_ISSUER } from '@bkci/auth';

/**
 * What kind of route is called, as the gateway tells them apart for rate limits (after BK-CI's
 * access types): `user` = user APIs and v4 calls of a user, `app` = calls of a third-party app
 * (the caller's appCode is set), `build` = `/api/build` and `/api/buildAgent`, `external` =
 * `/api/external` and requests without credentials.
 */
export type RouteClass = 'user' | 'app' | 'build' | 'external';

/** Who calls what: all the gateway knows of a request once it is authenticated, just before it is forwarded. */
export interface GatewayCall {
  caller: Caller;
  routeClass: RouteClass;
  /** The client's address (ClientAddress); null only for a request without a peer. */
  clientIp: string | null;
}

/** Who a request without credentials is: nobody; only `@RequireNothing()` routes take it. */
const ANONYMOUS: Caller = { userId: '', issuer: GATEWAY_ISSUER, appCode: null, admin: false };

/** A request without credentials (or to `/api/external`): limited per client address. */
export function anonymousCall(clientIp: string | null): GatewayCall {
  return { caller: ANONYMOUS, routeClass: 'external', clientIp };
}

/** A build's or an agent's call before its credentials are checked: limited per client address. */
export function machineCall(clientIp: string | null): GatewayCall {
  return { caller: ANONYMOUS, routeClass: 'build', clientIp };
}
