import { ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { GATEWAY_ISSUER, SERVICE_TOKEN_HEADER, ServiceTokens } from '@bkci/auth';
import { AppName } from '@bkci/config';
import { sleep } from './wait-for';

const ROOT = join(__dirname, '..', '..', '..');
const READY_TIMEOUT_MS = 60_000;

/**
 * An app running in a Node process of its own, from its own main.ts (the TypeScript sources, no
 * build needed), so that a test can do to it what a crash does: `kill()` sends SIGKILL, and
 * nothing the app was doing gets to finish. `restart()` starts it again on the same port, so the
 * URL other apps were given keeps working.
 *
 * The process's stdout and stderr go to `logFile`, which outlives the test environment so that a
 * failed run can be read afterwards.
 */
export class AppProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly name: AppName,
    readonly url: string,
    readonly logFile: string,
    /** The environment's settings, read at every start. */
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the app and resolves once its health check answers 200. */
  async start(): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    const port = new URL(this.url).port;
    const log = openSync(this.logFile, 'a');
    let child: ChildProcess;
    try {
      appendFileSync(log, `--- ${new Date().toISOString()} starting ${this.name} on ${this.url}\n`);
      child = spawn(process.execPath, ['--enable-source-maps', ...entryOf(this.name)], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...this.env, [`BKCI_${this.name.toUpperCase()}_PORT`]: port, BKCI_HOST: '127.0.0.1' },
        stdio: ['ignore', log, log, 'ipc'],
      });
    } finally {
      closeSync(log);
    }
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => {
      if (this.child === child) this.child = null;
    });
    await this.waitUntilHealthy(child);
  }

  /** SIGKILL: the app stops where it is, as in a crash. Resolves once the process is gone. */
  async kill(): Promise<void> {
    if (!this.child) return;
    appendFileSync(this.logFile, `--- ${new Date().toISOString()} SIGKILL ${this.name} (pid ${this.child.pid})\n`);
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Kills the app if it runs, then starts it again with the environment's current settings. */
  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  private async waitUntilHealthy(child: ChildProcess): Promise<void> {
    // The gateway takes user credentials, not service tokens.
    const headers: Record<string, string> =
      this.name === 'openapi'
        ? { authorization: `Bearer ${this.env.BKCI_ADMIN_TOKEN}` }
        : { [SERVICE_TOKEN_HEADER]: new ServiceTokens(this.env.BKCI_SERVICE_SECRET, 300).sign({ userId: 'admin', issuer: GATEWAY_ISSUER, appCode: null, admin: false }) };
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.child !== child) throw this.failure('exited before it was ready');
      const status = await fetch(`${this.url}/api/health`, { headers, signal: AbortSignal.timeout(2_000) })
        .then((response) => response.status)
        .catch(() => null);
      if (status === 200) return;
      await sleep(100);
    }
    await this.kill();
    throw this.failure(`was not healthy after ${READY_TIMEOUT_MS} ms`);
  }

  private failure(what: string): Error {
    const tail = readFileSync(this.logFile, 'utf8').split('\n').slice(-30).join('\n');
    return new Error(`${this.name} ${what}; its log (${this.logFile}) ends with:\n${tail}`);
  }
}

/**
 * How to run an app's main: its compiled `main.js` when this file runs from the build (`dist/`, as
 * the benchmarks do), else its `main.ts` through app-process-main.js (tests, no build needed).
 */
function entryOf(name: AppName): string[] {
  const compiled = join(ROOT, 'apps', name, 'src', 'main.js');
  return existsSync(compiled) ? [compiled] : [join(__dirname, 'app-process-main.js'), join(ROOT, 'apps', name, 'src', 'main.ts')];
}

/** A port nothing listens on now, for an app that must keep its port across restarts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
