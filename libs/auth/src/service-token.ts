import { createHmac, timingSafeEqual } from 'node:crypto';
import { AgentIdentity, BuildIdentity, Caller, RequestOrigin } from './caller';
import { TokenScope } from './token-scope';

/** Header that carries the service token, BK-CI's name for its inter-service JWT. */
export const SERVICE_TOKEN_HEADER = 'x-devops-jwt-token';
/** Header an agent sends its build's token in; only the gateway reads it (BuildTokenVerifier). */
export const BUILD_TOKEN_HEADER = 'x-devops-build-token';

interface ServiceTokenClaims {
  iss: string;
  sub: string;
  app?: string;
  adm?: boolean;
  /** The gateway's request id and the client address it saw (RequestOrigin). */
  rid?: string;
  ip?: string;
  /** The build the gateway verified (Caller.build). */
  bld?: BuildIdentity;
  /** The agent the gateway verified (Caller.agent). */
  agt?: AgentIdentity;
  /** The limits of the user's token (Caller.scope). */
  scp?: TokenScope;
  iat: number;
  exp: number;
}

/**
 * Short-lived HS256 JWTs shared by all apps. The gateway mints one per request for the user it
 * authenticated; an app mints one when it calls another app on a user's behalf.
 */
export class ServiceTokens {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  sign(caller: Caller, origin?: RequestOrigin): string {
    const iat = Math.floor(this.now() / 1000);
    const claims: ServiceTokenClaims = { iss: caller.issuer, sub: caller.userId, iat, exp: iat + this.ttlSeconds };
    if (caller.appCode) claims.app = caller.appCode;
    if (caller.admin) claims.adm = true;
    if (caller.build) claims.bld = caller.build;
    if (caller.agent) claims.agt = caller.agent;
    if (caller.scope) claims.scp = { readOnly: caller.scope.readOnly, projects: caller.scope.projects };
    if (origin?.requestId) claims.rid = origin.requestId;
    if (origin?.clientIp) claims.ip = origin.clientIp;
    const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
    return `${unsigned}.${this.signature(unsigned)}`;
  }

  /** The caller the token proves, or null when it is malformed, forged or expired. */
  verify(token: string): Caller | null {
    return this.open(token)?.caller ?? null;
  }

  /** The caller and the request origin the token proves, or null when it is malformed, forged or expired. */
  open(token: string): { caller: Caller; origin: RequestOrigin } | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [header, payload, signature] = parts;
    const expected = Buffer.from(this.signature(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const claims = decode(payload) as Partial<ServiceTokenClaims> | null;
    if (!claims || typeof claims.sub !== 'string' || typeof claims.iss !== 'string' || typeof claims.exp !== 'number') {
      return null;
    }
    if (claims.exp * 1000 <= this.now()) return null;
    // Unlike a malformed build or agent claim, a malformed scope cannot be dropped: that would free the token of its limits.
    const scope = scopeOf(claims);
    if (scope === 'malformed') return null;
    return {
      caller: { userId: claims.sub, issuer: claims.iss, appCode: claims.app ?? null, admin: claims.adm === true, ...buildOf(claims), ...agentOf(claims), ...scope },
      origin: { requestId: typeof claims.rid === 'string' ? claims.rid : null, clientIp: typeof claims.ip === 'string' ? claims.ip : null },
    };
  }

  private signature(unsigned: string): string {
    return createHmac('sha256', this.secret).update(unsigned).digest('base64url');
  }
}

function buildOf(claims: Partial<ServiceTokenClaims>): { build?: BuildIdentity } {
  const build = claims.bld;
  if (!build || typeof build.projectId !== 'string' || typeof build.pipelineId !== 'string' || typeof build.buildId !== 'string') return {};
  const job = typeof build.vmSeqId === 'string' ? { vmSeqId: build.vmSeqId } : {};
  return { build: { projectId: build.projectId, pipelineId: build.pipelineId, buildId: build.buildId, ...job } };
}

function agentOf(claims: Partial<ServiceTokenClaims>): { agent?: AgentIdentity } {
  const agent = claims.agt;
  if (!agent || typeof agent.projectId !== 'string' || typeof agent.agentId !== 'string' || typeof agent.host !== 'string') return {};
  return { agent: { projectId: agent.projectId, agentId: agent.agentId, host: agent.host } };
}

function scopeOf(claims: Partial<ServiceTokenClaims>): { scope?: TokenScope } | 'malformed' {
  const scope = claims.scp;
  if (scope === undefined) return {};
  if (typeof scope !== 'object' || scope === null || typeof scope.readOnly !== 'boolean') return 'malformed';
  const projects: unknown = scope.projects;
  if (projects === null) return { scope: { readOnly: scope.readOnly, projects: null } };
  if (!Array.isArray(projects) || !projects.every((projectId) => typeof projectId === 'string')) return 'malformed';
  return { scope: { readOnly: scope.readOnly, projects: [...(projects as string[])] } };
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}
