import { EnvironmentError, EnvironmentErrorCode } from '../environment.errors';
import type { StoredEnvVar } from './entities/env.entity';
import type { EnvVarDto } from './dto/env.dto';
import { MASK } from './env-types';

/** An env's variables as stored: the clear part (secure values blanked) and the secure values to seal. */
export interface SplitEnvVars {
  stored: StoredEnvVar[];
  secureValues: Record<string, string>;
}

/**
 * The variables an update leaves: `incoming` replaces the list. A secure variable sent with the mask
 * or an empty value keeps the value stored under its name (the console sends reads back as they
 * were shown). A variable whose value and flag did not change keeps who changed it last and when.
 */
export function mergeEnvVars(incoming: EnvVarDto[], previous: StoredEnvVar[], previousSecure: Record<string, string>, userId: string, now: number): SplitEnvVars {
  const names = new Set<string>();
  for (const envVar of incoming) {
    if (names.has(envVar.name)) throw new EnvironmentError(EnvironmentErrorCode.ENV_VAR_DUPLICATE, `Env var ${envVar.name} is given twice; names must be unique`, { name: envVar.name });
    names.add(envVar.name);
  }
  const before = new Map(previous.map((envVar) => [envVar.name, envVar]));
  const stored: StoredEnvVar[] = [];
  const secureValues: Record<string, string> = {};
  for (const envVar of incoming) {
    const old = before.get(envVar.name);
    const keepsSecret = envVar.secure && old?.secure === true && (envVar.value === MASK || envVar.value === '');
    const value = keepsSecret ? (previousSecure[envVar.name] ?? '') : envVar.value;
    const oldValue = old ? (old.secure ? (previousSecure[old.name] ?? '') : old.value) : undefined;
    const unchanged = old !== undefined && old.secure === envVar.secure && oldValue === value;
    stored.push({
      name: envVar.name,
      value: envVar.secure ? '' : value,
      secure: envVar.secure,
      lastUpdateUser: unchanged ? old.lastUpdateUser : userId,
      lastUpdateTime: unchanged ? old.lastUpdateTime : now,
    });
    if (envVar.secure) secureValues[envVar.name] = value;
  }
  return { stored, secureValues };
}
