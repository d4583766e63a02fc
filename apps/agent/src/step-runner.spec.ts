import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputStream, runScript, ScriptRun } from './step-runner';

/** Gone, or a zombie waiting to be reaped: either way it runs no more. */
function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

async function eventually(check: () => boolean, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('not within time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('runScript', () => {
  let dir: string;
  let lines: Array<[OutputStream, string]>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bkci-agent-step-'));
    lines = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (script: string, more: Partial<ScriptRun> = {}) =>
    runScript({ script, scriptDir: join(dir, 'tmp'), cwd: dir, env: { PATH: process.env.PATH, STEP_VAR: 'from env' }, timeoutMs: null, onLine: (stream, line) => lines.push([stream, line]), ...more });

  it('runs the script with bash -e in its folder and env, line by line from both streams, and removes the file', async () => {
    const exit = await run('echo "$STEP_VAR"; pwd\necho oops >&2\nprintf "no newline"').done;
    expect(exit).toEqual({ ended: 'exited', exitCode: 0, signal: null, error: null });
    // Two pipes: the order within a stream is kept, not the order between them.
    expect(lines.filter(([stream]) => stream === 'stdout')).toEqual([
      ['stdout', 'from env'],
      ['stdout', dir],
      ['stdout', 'no newline'],
    ]);
    expect(lines.filter(([stream]) => stream === 'stderr')).toEqual([['stderr', 'oops']]);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it('stops at the first failing command (bash -e) with its exit code', async () => {
    const exit = await run('echo before\nfalse\necho after\n').done;
    expect(exit).toEqual({ ended: 'exited', exitCode: 1, signal: null, error: null });
    expect(lines).toEqual([['stdout', 'before']]);
    expect((await run('exit 7').done).exitCode).toBe(7);
  });

  it('says when bash cannot start', async () => {
    const exit = await run('true', { cwd: join(dir, 'none') }).done;
    expect(exit.ended).toBe('exited');
    expect(exit.exitCode).toBeNull();
    expect(exit.error).toContain('ENOENT');
  });

  it('kills the whole process group on cancel', async () => {
    const running = run('sleep 30 &\necho "bg $!"\nsleep 30');
    await eventually(() => lines.length === 1, 5_000);
    const background = Number(lines[0][1].split(' ')[1]);
    const group = readdirSync('/proc').filter((name) => /^\d+$/.test(name) && groupOf(Number(name)) === running.pid).map(Number);
    expect(group.length).toBe(3);
    expect(group).toContain(background);
    const started = Date.now();
    running.cancel();
    const exit = await running.done;
    expect(exit.ended).toBe('cancelled');
    expect(exit.signal).toBe('SIGTERM');
    expect(Date.now() - started).toBeLessThan(2_000);
    await eventually(() => group.every(isGone), 2_000);
  });

  it('kills a group that ignores SIGTERM after the grace', async () => {
    const running = runScript(
      { script: 'trap "" TERM\necho ready\nsleep 30', scriptDir: dir, cwd: dir, env: { PATH: process.env.PATH }, timeoutMs: null, onLine: (stream, line) => lines.push([stream, line]) },
      300,
    );
    await eventually(() => lines.length === 1, 5_000);
    running.cancel();
    const exit = await running.done;
    expect(exit.ended).toBe('cancelled');
    expect(exit.signal).toBe('SIGKILL');
  });

  it('kills the group at its timeout', async () => {
    const started = Date.now();
    const exit = await run('echo start\nsleep 30', { timeoutMs: 300 }).done;
    expect(exit.ended).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(lines).toEqual([['stdout', 'start']]);
    expect(existsSync(join(dir, 'tmp'))).toBe(true);
  });
});

function groupOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return null;
  }
}
