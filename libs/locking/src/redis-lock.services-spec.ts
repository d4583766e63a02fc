import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Redis from 'ioredis';
import { HeldLock } from './lock.service';
import { RedisLockService } from './redis-lock.service';

/**
 * What only a real Redis and real processes can show: a lock outlives neither its holder's death
 * nor a holder that stopped renewing, and a holder that lost its lock cannot free the next one's.
 */
const REDIS_URL = process.env.BKCI_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOT = join(__dirname, '..', '..', '..');
const prefix = `test:${randomBytes(4).toString('hex')}:`;

/**
 * Runs in a child Node process: loads this repo's RedisLockService from source (compiled on
 * require with @swc/core, `@bkci/*` mapped to `libs/<name>/src`), takes LOCK_KEY and holds it,
 * renewing as any holder does. Prints JSON lines; answers `status` and `release` on stdin.
 */
const CHILD_SCRIPT = `
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { transformSync } = require('@swc/core');
const root = process.env.LOCK_ROOT;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = /^@bkci\\/([^/]+)$/.exec(request);
  return resolve.call(this, alias ? path.join(root, 'libs', alias[1], 'src') : request, ...rest);
};
Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    module: { type: 'commonjs' },
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
  });
  module._compile(code, filename);
};
const send = (message) => process.stdout.write(JSON.stringify(message) + '\\n');
(async () => {
  const { RedisLockService } = require(path.join(root, 'libs/locking/src/redis-lock.service.ts'));
  const Redis = require('ioredis');
  const client = new Redis(process.env.LOCK_REDIS_URL, { maxRetriesPerRequest: 3 });
  const locks = new RedisLockService(client, process.env.LOCK_PREFIX);
  const lock = await locks.tryAcquire(process.env.LOCK_KEY, { ttlMs: Number(process.env.LOCK_TTL_MS) });
  if (!lock) {
    send({ event: 'busy' });
    process.exit(3);
  }
  send({ event: 'acquired', pid: process.pid, token: lock.token, fence: lock.fence });
  readline.createInterface({ input: process.stdin }).on('line', async (line) => {
    if (line === 'status') send({ event: 'status', lost: lock.lost });
    if (line === 'release') send({ event: 'released', result: await lock.release() });
  });
})().catch((error) => {
  send({ event: 'error', message: String((error && error.stack) || error) });
  process.exit(2);
});
`;

interface ChildMessage {
  event: string;
  [field: string]: unknown;
}

/** A lock holder in its own process, really killable. */
class ChildHolder {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly messages: ChildMessage[] = [];
  private readonly waiters: Array<() => void> = [];
  private stderr = '';

  constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    createInterface({ input: proc.stdout }).on('line', (line) => {
      this.messages.push(JSON.parse(line) as ChildMessage);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    proc.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  }

  static start(key: string, ttlMs: number): ChildHolder {
    const proc = spawn(process.execPath, ['-e', CHILD_SCRIPT], {
      cwd: ROOT,
      env: {
        ...process.env,
        LOCK_ROOT: ROOT,
        LOCK_REDIS_URL: REDIS_URL,
        LOCK_PREFIX: prefix,
        LOCK_KEY: key,
        LOCK_TTL_MS: String(ttlMs),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const holder = new ChildHolder(proc);
    children.push(holder);
    return holder;
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** The next message of this kind (in order), or a failure naming what the child printed. */
  async next(event: string, timeoutMs = 4000): Promise<ChildMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.messages.findIndex((m) => m.event === event || m.event === 'error' || m.event === 'busy');
      if (index >= 0) {
        const [message] = this.messages.splice(index, 1);
        if (message.event !== event) throw new Error(`child said ${JSON.stringify(message)}; stderr: ${this.stderr}`);
        return message;
      }
      const left = deadline - Date.now();
      if (left <= 0 || !this.alive) throw new Error(`child never said "${event}"; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async ask(command: 'status' | 'release', reply: string): Promise<ChildMessage> {
    this.proc.stdin.write(`${command}\n`);
    return this.next(reply);
  }

  signal(signal: NodeJS.Signals): void {
    this.proc.kill(signal);
  }

  async kill(): Promise<void> {
    if (this.alive) this.proc.kill('SIGKILL');
    await this.exited;
  }
}

const children: ChildHolder[] = [];
const clients: Redis[] = [];
let admin: Redis;
let locks: RedisLockService;
let other: RedisLockService;

function newClient(): Redis {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  clients.push(client);
  return client;
}

const uniqueKey = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;
const lockKey = (key: string) => `${prefix}lock:${key}`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(10);
  }
  return condition();
}

beforeAll(async () => {
  admin = newClient();
  locks = new RedisLockService(newClient(), prefix);
  other = new RedisLockService(newClient(), prefix);
  await admin.ping();
});

afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
  await Promise.all([locks.releaseAll(), other.releaseAll()]);
});

afterAll(async () => {
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length > 0) await admin.del(...keys);
  await Promise.all(clients.map((client) => (client.status === 'end' ? undefined : client.quit())));
});

describe('RedisLockService on a real Redis', () => {
  it('keeps the lock while its holder process lives, and frees it after the TTL once the holder is killed', async () => {
    const key = uniqueKey('holder-dies');
    const ttlMs = 450;
    const child = ChildHolder.start(key, ttlMs);
    const taken = await child.next('acquired');
    expect(await admin.get(lockKey(key))).toBe(taken.token);

    // Alive, the child renews: the lock outlasts its TTL.
    await sleep(ttlMs * 2);
    expect(await locks.tryAcquire(key, { ttlMs })).toBeNull();
    expect(await admin.get(lockKey(key))).toBe(taken.token);

    child.signal('SIGKILL');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const killedAt = Date.now();
    const remaining = await admin.pttl(lockKey(key));
    // Renewed every ttl/3, so at least about two thirds of the TTL was left when it died.
    expect(remaining).toBeGreaterThan(ttlMs / 2);
    expect(remaining).toBeLessThanOrEqual(ttlMs);

    // Dead holder, lock not yet expired: still excluded.
    expect(await other.tryAcquire(key, { ttlMs })).toBeNull();

    let lock: HeldLock | null = null;
    await waitFor(async () => (lock = await other.tryAcquire(key, { ttlMs })) !== null, ttlMs + 1000);
    const freedAfter = Date.now() - killedAt;
    expect(lock).not.toBeNull();
    expect(freedAfter).toBeGreaterThanOrEqual(remaining - 30);
    expect(freedAfter).toBeLessThan(remaining + 250);
    expect(lock!.fence).toBe((taken.fence as number) + 1);
    expect(await admin.get(lockKey(key))).toBe(lock!.token);
  });

  it('tells a holder that stalled past its TTL that it lost the lock, and its release leaves the new holder alone', async () => {
    const key = uniqueKey('holder-stalls');
    const ttlMs = 300;
    const child = ChildHolder.start(key, ttlMs);
    const taken = await child.next('acquired');
    expect((await child.ask('status', 'status')).lost).toBe(false);

    // Freeze the holder (as a long GC pause or a stopped VM would): it cannot renew.
    child.signal('SIGSTOP');
    let successor: HeldLock | null = null;
    expect(await waitFor(async () => (successor = await locks.tryAcquire(key, { ttlMs })) !== null, ttlMs + 1000)).toBe(
      true,
    );
    expect(successor!.fence).toBe((taken.fence as number) + 1);

    // Resumed, its next renewal finds the lock gone.
    child.signal('SIGCONT');
    let lost = false;
    await waitFor(async () => (lost = (await child.ask('status', 'status')).lost === true), 2000);
    expect(lost).toBe(true);

    expect((await child.ask('release', 'released')).result).toBe(false);
    expect(await admin.get(lockKey(key))).toBe(successor!.token);
    expect(await other.tryAcquire(key, { ttlMs })).toBeNull();
    expect(successor!.lost).toBe(false);
    expect(await successor!.release()).toBe(true);
  });

  it('marks a lock lost when a renewal finds it expired and taken, without freeing the new holder', async () => {
    const key = uniqueKey('expired');
    const holder = (await locks.tryAcquire(key, { ttlMs: 1500 }))!;
    // Redis expires the key (as it does when renewals stop arriving) and someone else takes it.
    expect(await admin.pexpire(lockKey(key), 1)).toBe(1);
    await sleep(20);
    const successor = (await other.tryAcquire(key, { ttlMs: 1500 }))!;
    expect(successor).not.toBeNull();
    expect(holder.lost).toBe(false); // nothing told it yet

    // The next renewal (every 500 ms) is refused.
    expect(await waitFor(() => holder.lost, 1500)).toBe(true);
    expect(await holder.release()).toBe(false);
    expect(await admin.get(lockKey(key))).toBe(successor.token);
    expect(await locks.tryAcquire(key, { ttlMs: 1500 })).toBeNull();
    expect(successor.lost).toBe(false);
  });

  it('marks a lock lost once its holder could not reach Redis for a whole TTL, and the lock moves on', async () => {
    const key = uniqueKey('cut-off');
    const ttlMs = 300;
    const holderClient = newClient();
    const holderLocks = new RedisLockService(holderClient, prefix);
    const holder = (await holderLocks.tryAcquire(key, { ttlMs }))!;
    expect(holder).not.toBeNull();

    const cutAt = Date.now();
    holderClient.disconnect(); // its renewals now fail
    let successor: HeldLock | null = null;
    await waitFor(async () => (successor = await other.tryAcquire(key, { ttlMs })) !== null, ttlMs + 1000);
    expect(successor).not.toBeNull();
    expect(Date.now() - cutAt).toBeGreaterThan(ttlMs / 2);

    // The holder must not go on believing it holds the lock.
    expect(await waitFor(() => holder.lost, ttlMs)).toBe(true);
    expect(await holder.release()).toBe(false);
    expect(await admin.get(lockKey(key))).toBe(successor!.token);
    await holderLocks.releaseAll();
  });
});
