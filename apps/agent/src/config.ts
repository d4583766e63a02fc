import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

/** What agent.json holds (written by the install script, or by the standalone launcher for the local agent). */
export interface AgentConfig {
  /** The gateway's base URL, e.g. `http://ci.example.com:8080`, without a trailing slash. */
  gateway: string;
  projectId: string;
  agentId: string;
  secretKey: string;
  /** Absolute: a relative workDir in the file is taken from the file's folder. */
  workDir: string;
  /** The folder holding agent.json: reported to the server as the install path. */
  installDir: string;
}

/** A config the agent cannot run with; the message says what to fix. */
export class ConfigError extends Error {}

const REQUIRED = ['gateway', 'projectId', 'agentId', 'secretKey', 'workDir'] as const;

/** Reads and validates agent.json; throws ConfigError naming every problem at once. */
export function readAgentConfig(file: string): AgentConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the config file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // Only the position: newer V8 messages quote the text around the error, and that may be the secret.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new ConfigError(`the config file ${file} is not valid JSON${position === undefined ? '' : ` (at character ${position})`}`);
  }
  return validateAgentConfig(parsed, dirname(resolve(file)), file);
}

/**
 * Liberal in what it accepts (unknown keys ignored, surrounding spaces trimmed), strict about what
 * the agent needs: each required key a non-empty string, and the gateway an http(s) URL.
 * "" and null count as absent.
 */
export function validateAgentConfig(value: unknown, installDir: string, source: string): AgentConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${source}: expected a JSON object with the keys ${REQUIRED.join(', ')}`);
  }
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  const strings: Partial<Record<(typeof REQUIRED)[number], string>> = {};
  for (const key of REQUIRED) {
    const raw = record[key];
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      problems.push(`"${key}" is missing`);
    } else if (typeof raw !== 'string') {
      problems.push(`"${key}" must be a string, not ${Array.isArray(raw) ? 'an array' : typeof raw}`);
    } else {
      strings[key] = raw.trim();
    }
  }
  if (strings.gateway !== undefined && !isHttpUrl(strings.gateway)) {
    problems.push(`"gateway" must be an http:// or https:// URL, got ${JSON.stringify(strings.gateway)}`);
  }
  if (problems.length > 0) throw new ConfigError(`${source}: ${problems.join('; ')}`);
  const workDir = strings.workDir!;
  return {
    gateway: strings.gateway!.replace(/\/+$/, ''),
    projectId: strings.projectId!,
    agentId: strings.agentId!,
    secretKey: strings.secretKey!,
    workDir: isAbsolute(workDir) ? workDir : resolve(installDir, workDir),
    installDir,
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}
