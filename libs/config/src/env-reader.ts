export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads typed values from an environment, collecting every problem so a wrong setup is reported
 * in one go, each line naming the variable to fix. Shared settings (loadConfig) and each app's own
 * section (ConfigSection) read through it. A blank value counts as unset.
 */
export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  text(name: string, fallback: string): string {
    const value = this.raw(name);
    return value ?? fallback;
  }

  oneOf(name: string, allowed: string[], fallback: string): string {
    const value = this.raw(name) ?? fallback;
    if (!allowed.includes(value)) this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    return value;
  }

  integer(name: string, fallback: number, min: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) {
      this.problems.push(`${name} must be a whole number ≥ ${min} (got "${value}")`);
      return fallback;
    }
    return parsed;
  }

  port(name: string, fallback: number): number {
    const port = this.integer(name, fallback, 0);
    if (port > 65535) this.problems.push(`${name} must be a TCP port, 0–65535 (got "${port}")`);
    return port;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (value === 'true' || value === 'false') return value === 'true';
    this.problems.push(`${name} must be true or false (got "${value}")`);
    return fallback;
  }

  url(name: string, fallback: string, protocols: string[]): string {
    const value = this.raw(name) ?? fallback;
    try {
      const protocol = new URL(value).protocol;
      if (!protocols.includes(protocol)) throw new Error(protocol);
    } catch {
      this.problems.push(`${name} must be a URL starting with ${protocols.join(' or ')}// (got "${value}")`);
    }
    return value.replace(/\/+$/, '');
  }

  identifier(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(value)) {
      this.problems.push(`${name} may hold only letters, digits, '_', '.', '-' (got "${value}")`);
    }
    return value;
  }

  secret(name: string, generate?: () => string): string {
    const value = this.raw(name) ?? generate?.();
    if (value === undefined) {
      this.problems.push(`${name} is required in the services profile (a random string of at least 32 characters)`);
      return '';
    }
    if (value.length < 32) this.problems.push(`${name} must be at least 32 characters long`);
    return value;
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  throwIfInvalid(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }

  /** The trimmed value, or undefined when unset or blank: for a section that parses a value of its own kind. */
  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }
}
