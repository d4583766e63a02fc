import { AppConfig, EnvReader } from '@bkci/config';
import { RouteClass } from '../gateway/gateway-call';
import { BucketRule } from './token-bucket';

export interface RateLimitSettings {
  /** The bucket of each identity of a class: a user, an app, a client address. */
  classes: Record<RouteClass, BucketRule>;
  /** App codes whose bucket differs from the `app` class's. */
  apps: Map<string, BucketRule>;
  /** Failed authentications per client address; while its bucket is empty, the address gets 429. */
  failedAuthentications: BucketRule;
  /** Where the buckets are kept in the services profile; the shared Redis by default. */
  redisUrl: string;
}

/** BK-CI's gateway (access_control.lua): user 20 r/s burst 20, build 100 r/s burst 20, external 100 r/s burst 50. */
const DEFAULTS: Record<RouteClass, BucketRule> = {
  user: { ratePerSecond: 20, burst: 20 },
  app: { ratePerSecond: 100, burst: 50 },
  build: { ratePerSecond: 100, burst: 20 },
  external: { ratePerSecond: 100, burst: 50 },
};
/** Ten wrong credentials at once, then one every five seconds. */
const FAILED_AUTHENTICATIONS: BucketRule = { ratePerSecond: 0.2, burst: 10 };

const RULE = /^(\d+(?:\.\d+)?)\/(\d+)$/;
const FORMAT = '<requests per second>/<burst>, such as 20/20 or 0.5/10';

/** Reads BKCI_RATE_LIMIT_*: each a `<rate>/<burst>` pair, BKCI_RATE_LIMIT_APPS a list of `<app code>:<rate>/<burst>`. */
export function readRateLimits(reader: EnvReader, shared: AppConfig): RateLimitSettings {
  const classes = {} as Record<RouteClass, BucketRule>;
  for (const routeClass of Object.keys(DEFAULTS) as RouteClass[]) {
    classes[routeClass] = rule(reader, `BKCI_RATE_LIMIT_${routeClass.toUpperCase()}`, DEFAULTS[routeClass]);
  }
  return {
    classes,
    apps: appRules(reader, 'BKCI_RATE_LIMIT_APPS'),
    failedAuthentications: rule(reader, 'BKCI_RATE_LIMIT_FAILED_AUTH', FAILED_AUTHENTICATIONS),
    redisUrl: reader.url('BKCI_RATE_LIMIT_REDIS_URL', shared.redis.url, ['redis:', 'rediss:']),
  };
}

function rule(reader: EnvReader, name: string, fallback: BucketRule): BucketRule {
  const value = reader.raw(name);
  if (value === undefined) return fallback;
  const parsed = parseRule(value);
  if (!parsed) reader.problem(`${name} must be ${FORMAT} (got "${value}")`);
  return parsed ?? fallback;
}

function appRules(reader: EnvReader, name: string): Map<string, BucketRule> {
  const rules = new Map<string, BucketRule>();
  const entries = (reader.raw(name) ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  for (const entry of entries) {
    const separator = entry.indexOf(':');
    const appCode = entry.slice(0, separator);
    const parsed = separator > 0 && /^[A-Za-z0-9_.-]{1,64}$/.test(appCode) ? parseRule(entry.slice(separator + 1)) : null;
    if (parsed) rules.set(appCode, parsed);
    else reader.problem(`${name}: each entry must be <app code>:${FORMAT} (got "${entry}")`);
  }
  return rules;
}

function parseRule(value: string): BucketRule | null {
  const match = RULE.exec(value);
  if (!match) return null;
  const rule = { ratePerSecond: Number(match[1]), burst: Number(match[2]) };
  return rule.ratePerSecond > 0 && rule.burst >= 1 ? rule : null;
}
