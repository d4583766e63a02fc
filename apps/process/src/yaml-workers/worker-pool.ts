import { join } from 'node:path';
import { parentPort, Worker } from 'node:worker_threads';

/** The heap one thread may use: a conversion that needs more is as much over budget as a slow one. */
const THREAD_HEAP_MB = 512;
/** Runs a `.ts` entry from the sources; built code (dist/, `npm start`) never needs it. */
const TYPESCRIPT_RUNNER = join(__dirname, '..', '..', '..', '..', 'libs', 'testing', 'src', 'app-process-main.js');

export interface WorkerPoolOptions {
  /** The thread's entry: the built `.js` file, or its `.ts` source when running from source (tests). */
  entry: string;
  /** Threads at most; they start on first use. */
  size: number;
  /** How long one task may run on its thread; the time it waits in the queue does not count. */
  budgetMs: number;
  /** What to throw for a task stopped over budget, or whose thread ran out of memory. */
  overBudget(): Error;
  /** Turns what a thread sent for a failed task (see serveTasks) back into the error to throw. */
  reviveError(sent: unknown): Error;
}

interface Task {
  id: number;
  op: string;
  args: unknown[];
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  task: Task | null;
  /** When the running task was handed over (performance.now()). */
  startedAt: number;
  timer: NodeJS.Timeout | null;
}

type Reply = { ready: true } | { id: number; value: unknown } | { id: number; error: unknown };

/**
 * Runs CPU-heavy work on worker threads so the event loop keeps answering. A task over budget is
 * stopped by terminating its thread (nothing else can interrupt running JavaScript); a new
 * thread takes its place for the next task.
 */
export class WorkerPool {
  private readonly threads = new Set<Thread>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  run(op: string, args: unknown[]): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('The worker pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, op, args, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('The worker pool is closed'));
    const threads = [...this.threads];
    for (const thread of threads) this.retire(thread)?.reject(new Error('The worker pool is closed'));
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  /** Hands queued tasks to idle threads, and starts threads (up to `size`) for the tasks still waiting. */
  private pump(): void {
    for (const thread of this.threads) {
      if (this.queue.length === 0) return;
      if (thread.ready && thread.task === null) this.dispatch(thread, this.queue.shift()!);
    }
    const starting = [...this.threads].filter((thread) => !thread.ready).length;
    for (let waiting = this.queue.length - starting; waiting > 0 && this.threads.size < this.options.size; waiting--) this.spawn();
  }

  private dispatch(thread: Thread, task: Task): void {
    thread.task = task;
    thread.startedAt = performance.now();
    thread.timer = setTimeout(() => {
      this.retire(thread)?.reject(this.options.overBudget());
      void thread.worker.terminate();
      this.replace();
    }, this.options.budgetMs);
    thread.worker.postMessage({ id: task.id, op: task.op, args: task.args });
  }

  private spawn(): void {
    const { entry } = this.options;
    const resourceLimits = { maxOldGenerationSizeMb: THREAD_HEAP_MB };
    // From the TypeScript sources (tests), the thread compiles its entry as a test's app process does.
    const worker = entry.endsWith('.ts') ? new Worker(TYPESCRIPT_RUNNER, { argv: [entry], resourceLimits }) : new Worker(entry, { resourceLimits });
    // Idle threads must not keep a stopping process alive.
    worker.unref();
    const thread: Thread = { worker, ready: false, task: null, startedAt: 0, timer: null };
    this.threads.add(thread);
    worker.on('message', (reply: Reply) => this.onReply(thread, reply));
    worker.on('error', (error: Error & { code?: string }) => this.onFailure(thread, error));
    worker.on('exit', (code) => this.onFailure(thread, new Error(`A worker thread exited (code ${code})`)));
  }

  private onReply(thread: Thread, reply: Reply): void {
    if (!this.threads.has(thread)) return;
    if ('ready' in reply) {
      thread.ready = true;
    } else {
      const late = performance.now() - thread.startedAt > this.options.budgetMs;
      const task = this.finish(thread);
      if (task?.id === reply.id) {
        // The timer stops a task on time; an answer that still comes late (the event loop was
        // held up) is over budget all the same.
        if (late) task.reject(this.options.overBudget());
        else if ('error' in reply) task.reject(this.options.reviveError(reply.error));
        else task.resolve(reply.value);
      }
    }
    this.pump();
  }

  /** A thread that died: its task fails (over budget when memory ran out), and a new thread takes its place. */
  private onFailure(thread: Thread, error: Error & { code?: string }): void {
    if (!this.threads.has(thread)) return;
    const startedFine = thread.ready;
    const failure = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? this.options.overBudget() : new Error(`A worker thread failed: ${error.message}`, { cause: error });
    this.retire(thread)?.reject(failure);
    void thread.worker.terminate();
    if (startedFine) return this.replace();
    // A thread that cannot even start would fail every retry: give the waiting tasks its error.
    if (this.threads.size === 0) {
      for (const task of this.queue.splice(0)) task.reject(failure);
    }
    this.pump();
  }

  /** Starts a thread in place of one stopped, so the next task does not wait for a thread to start. */
  private replace(): void {
    if (!this.closed) this.spawn();
    this.pump();
  }

  /** Clears the thread's running task and returns it. */
  private finish(thread: Thread): Task | null {
    const task = thread.task;
    if (thread.timer) clearTimeout(thread.timer);
    thread.task = null;
    thread.timer = null;
    return task;
  }

  /** Takes the thread out of the pool and returns the task it was running. */
  private retire(thread: Thread): Task | null {
    this.threads.delete(thread);
    return this.finish(thread);
  }
}

/**
 * The thread side: answers the pool's tasks by calling `operations[op](...args)`. A thrown error
 * goes back as `describeError(error)`, which the pool's `reviveError` turns back into an error.
 */
export function serveTasks(operations: Record<string, (...args: never[]) => unknown>, describeError: (error: unknown) => unknown): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs on a worker thread');
  port.on('message', ({ id, op, args }: { id: number; op: string; args: never[] }) => {
    try {
      port.postMessage({ id, value: operations[op](...args) });
    } catch (error) {
      port.postMessage({ id, error: describeError(error) });
    }
  });
  port.postMessage({ ready: true });
}
