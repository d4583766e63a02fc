import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalAgentCredentials } from '@bkci/contracts';

/** The compiled agent beside this launcher in dist/ (`npm start` builds both). */
const AGENT_MAIN = join(__dirname, '..', '..', 'agent', 'src', 'main.js');
/** The agent's own shutdown call gives up after 2 s; past this it is killed. */
const STOP_TIMEOUT_MS = 3_000;

/**
 * The standalone launcher's build agent: a child process running the real agent program against
 * this launcher's gateway, with its config, log and workspace under `<dataDir>/agent/`.
 */
export class LocalAgent {
  private stopping = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly logFile: string,
    private readonly exited: Promise<void>,
  ) {}

  static start(credentials: LocalAgentCredentials, dataDir: string): LocalAgent {
    if (!existsSync(AGENT_MAIN)) throw new Error(`the agent program is not built (${AGENT_MAIN}); run npm run build`);
    const dir = join(dataDir, 'agent');
    mkdirSync(join(dir, 'workspace'), { recursive: true });
    const configFile = join(dir, 'agent.json');
    const config = { ...credentials, workDir: join(dir, 'workspace') };
    // It holds the secret: readable by its owner only (rm first: the mode applies to a new file).
    rmSync(configFile, { force: true });
    writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    const logFile = join(dir, 'agent.log');
    const log = openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      // Its own process group: a Ctrl-C in the terminal reaches the launcher only, which stops the
      // agent first, while the apps still answer its shutdown call. The IPC channel closes when the
      // launcher dies in any way, and the agent then stops by itself.
      child = spawn(process.execPath, [AGENT_MAIN, 'run', '--config', configFile], { stdio: ['ignore', log, log, 'ipc'], detached: true });
    } finally {
      closeSync(log);
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const agent = new LocalAgent(child, logFile, exited);
    // The agent never exits on its own but for a bad config: say so on the console rather than go silent.
    child.once('exit', (code, signal) => {
      if (!agent.stopping) console.error(`local agent exited (${signal ?? `code ${code}`}); its log: ${logFile}`);
    });
    return agent;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** SIGTERM (the agent tells the server it stops), SIGKILL if it is still there after 3 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.stopping = true;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }
}
