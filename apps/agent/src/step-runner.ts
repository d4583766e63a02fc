import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

export type OutputStream = 'stdout' | 'stderr';

export interface ScriptRun {
  /** The script's text, already substituted. */
  script: string;
  /** Where the script's file is written (and removed from after the run). */
  scriptDir: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** null: no limit. */
  timeoutMs: number | null;
  onLine(stream: OutputStream, line: string): void;
}

/** How a run ended: `exited` on its own (see exitCode), or killed for a timeout or a cancel. */
export interface ScriptExit {
  ended: 'exited' | 'timeout' | 'cancelled';
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** bash could not be started (no such cwd, …). */
  error: string | null;
}

export interface RunningScript {
  readonly pid: number | undefined;
  readonly done: Promise<ScriptExit>;
  /** Kills the whole process group (SIGTERM, then SIGKILL after the grace). */
  cancel(): void;
}

export const KILL_GRACE_MS = 3_000;
/** After bash exits, how long to wait for a background child that kept its output open, before the rest is cut. */
const OUTPUT_DRAIN_MS = 200;

/**
 * BK-CI's linuxScript: the script written to a file and run as `bash -e <file>` in its own process
 * group, so a kill reaches everything it started (`sleep 30 &` included). Output comes line by line.
 */
export function runScript(run: ScriptRun, killGraceMs = KILL_GRACE_MS): RunningScript {
  mkdirSync(run.scriptDir, { recursive: true });
  const file = join(run.scriptDir, `script-${randomUUID()}.sh`);
  writeFileSync(file, run.script, { mode: 0o600 });
  const child = spawn('bash', ['-e', file], { cwd: run.cwd, env: run.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });

  let killedFor: ScriptExit['ended'] | null = null;
  const kill = (reason: 'timeout' | 'cancelled'): void => {
    if (killedFor !== null || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    killedFor = reason;
    signalGroup(child.pid, 'SIGTERM');
    const pid = child.pid;
    setTimeout(() => signalGroup(pid, 'SIGKILL'), killGraceMs).unref();
  };
  const timer = run.timeoutMs === null ? null : setTimeout(() => kill('timeout'), run.timeoutMs);

  const streams = [readLines(child.stdout, (line) => run.onLine('stdout', line)), readLines(child.stderr, (line) => run.onLine('stderr', line))];
  const done = new Promise<ScriptExit>((resolve) => {
    const finish = (exit: Omit<ScriptExit, 'ended'>): void => {
      if (timer) clearTimeout(timer);
      rmSync(file, { force: true });
      resolve({ ended: killedFor ?? 'exited', ...exit });
    };
    child.once('error', (error) => finish({ exitCode: null, signal: null, error: error.message }));
    child.once('exit', (exitCode, signal) => {
      void Promise.race([Promise.all(streams.map((stream) => stream.closed)), new Promise((wait) => setTimeout(wait, OUTPUT_DRAIN_MS))]).then(() => {
        for (const stream of streams) stream.end();
        finish({ exitCode, signal, error: null });
      });
    });
  });
  return { pid: child.pid, done, cancel: () => kill('cancelled') };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

/** Splits a stream into lines (\n or \r\n), UTF-8 safe across chunks; `end` gives the last unterminated line. */
function readLines(stream: Readable, onLine: (line: string) => void): { closed: Promise<void>; end(): void } {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let ended = false;
  const take = (text: string): void => {
    pending += text;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      onLine(pending.slice(0, newline).replace(/\r$/, ''));
      pending = pending.slice(newline + 1);
    }
  };
  const end = (): void => {
    if (ended) return;
    ended = true;
    take(decoder.end());
    if (pending !== '') onLine(pending.replace(/\r$/, ''));
    pending = '';
    stream.destroy();
  };
  stream.on('data', (chunk: Buffer) => {
    if (!ended) take(decoder.write(chunk));
  });
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  return { closed, end };
}
