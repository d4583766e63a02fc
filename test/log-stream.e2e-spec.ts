import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { emitEvent, LOG_FINISHED, LOG_LINES_STORED } from '@bkci/contracts';
import { OutboxService } from '@bkci/messaging';
import { buildTokenHeaders, sleep, TEST_ADMIN_TOKEN, TEST_PROFILE, TestEnvironment, memberToken, waitFor } from '@bkci/testing';
import { LogBuildEntity } from '../apps/log/src/entities/log-build.entity';
import { LogLineEntity } from '../apps/log/src/entities/log-line.entity';
import { logApp } from '../apps/log/src/log.app';
import { LogTailHub } from '../apps/log/src/reading/log-tail.hub';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';
import { ticketApp } from '../apps/ticket/src/ticket.app';
import { logLine, storeLogBuild, storeLogLines } from './log-read.fixtures';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

interface Tail {
  lines: Array<{ id: number; lineNo: number; tag: string }>;
  ended: boolean;
}

/**
 * Reads a tail until it ends, or until `stopWhen` says so (then it disconnects, as a browser does).
 * Resolves once the response's headers are in, with the promise of the whole tail.
 */
async function openTail(url: string, headers: Record<string, string>, stopWhen: (tail: Tail) => boolean = () => false): Promise<{ status: number; contentType: string | null; done: Promise<Tail> }> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const tail: Tail = { lines: [], ended: false };
  const done = (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done: over } = await reader.read();
        if (over) return tail;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const fields = buffer.slice(0, cut).split('\n').filter((line) => !line.startsWith(':'));
          buffer = buffer.slice(cut + 2);
          const field = (name: string) => fields.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
          if (field('event') === 'end') tail.ended = true;
          else if (field('data') !== undefined) {
            const line = JSON.parse(field('data')!) as { lineNo: number; tag: string };
            tail.lines.push({ id: Number(field('id')), lineNo: line.lineNo, tag: line.tag });
          }
          if (stopWhen(tail)) {
            abort.abort();
            return tail;
          }
        }
      }
    } catch (error) {
      if (abort.signal.aborted) return tail;
      throw error;
    }
  })();
  return { status: res.status, contentType: res.headers.get('content-type'), done };
}

describe('the live tail of a build log (Server-Sent Events through the gateway)', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let logData: DataSource;
  let outbox: OutboxService;
  let firstLog: INestApplication;
  let viewer: Record<string, string>;

  const streamUrl = (path: string) => `${gateway}/ms/log/api/user/logs/${path}`;

  /** What the write path does: lines and the build's last line number in one transaction, with LOG_LINES_STORED. */
  async function storeBatch(using: OutboxService, buildId: string, lines: LogLineEntity[]): Promise<void> {
    const lastLineNo = lines[lines.length - 1].lineNo;
    await using.transaction(async (tx) => {
      const now = new Date();
      const builds = tx.manager.getRepository(LogBuildEntity);
      if (await builds.existsBy({ buildId })) await builds.update({ buildId }, { lastLineNo, updatedAt: now });
      else await builds.insert({ buildId, projectId: 'tail-a', pipelineId: 'p-1', lastLineNo, finished: false, cleaned: false, createdAt: now, updatedAt: now });
      await tx.manager.getRepository(LogLineEntity).insert(lines);
      emitEvent(tx.emit, LOG_LINES_STORED, { buildId, lastLineNo });
    });
  }

  async function finish(buildId: string): Promise<void> {
    await outbox.transaction(async (tx) => {
      await tx.manager.getRepository(LogBuildEntity).update({ buildId }, { finished: true, updatedAt: new Date() });
      emitEvent(tx.emit, LOG_FINISHED, { buildId });
    });
  }

  beforeAll(async () => {
    await env.start(processApp);
    await env.start(ticketApp);
    const log = await env.start(logApp);
    firstLog = log.app;
    logData = log.app.get(DataSource);
    outbox = log.app.get(OutboxService);
    gateway = (await env.start(openapiApp)).url;
    for (const projectId of ['tail-a', 'tail-b']) {
      expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: projectId, englishName: projectId })).status).toBe(201);
    }
    viewer = await memberToken(gateway, 'tail-a', 'vera', 'viewer');
  });

  afterAll(() => env.close());

  it('a client connected before the first line receives every line in order; one that reconnects with Last-Event-ID misses none and gets none twice', async () => {
    const buildId = 'tail-1';
    const early = await openTail(streamUrl(`tail-a/p-1/${buildId}/stream`), viewer);
    expect(early.status).toBe(200);
    expect(early.contentType).toContain('text/event-stream');
    const tagged = await openTail(streamUrl(`tail-a/p-1/${buildId}/stream?tag=t2`), viewer);
    // This one drops after 120 lines and comes back with the last id it got.
    const first = await openTail(streamUrl(`tail-a/p-1/${buildId}/stream`), viewer, (tail) => tail.lines.length >= 120);

    let second: Promise<Tail> | null = null;
    void first.done.then(async (part) => {
      second = (await openTail(streamUrl(`tail-a/p-1/${buildId}/stream`), { ...viewer, 'Last-Event-ID': String(part.lines.at(-1)!.id) })).done;
    });
    // Six batches; line 77 is a debug line, which a tail leaves out unless asked.
    for (let batch = 0; batch < 6; batch += 1) {
      const lines = range(batch * 50 + 1, batch * 50 + 50).map((n) => logLine(buildId, n, { tag: batch % 2 === 0 ? 't1' : 't2', logType: n === 77 ? 'DEBUG' : 'LOG' }));
      await storeBatch(outbox, buildId, lines);
      await sleep(150);
    }
    await finish(buildId);

    const expected = range(1, 300).filter((n) => n !== 77);
    const all = await early.done;
    expect(all.ended).toBe(true);
    expect(all.lines.map((line) => line.lineNo)).toEqual(expected);
    expect(all.lines.every((line) => line.id === line.lineNo)).toBe(true);

    const t2 = await tagged.done;
    expect(t2.ended).toBe(true);
    expect(t2.lines.map((line) => line.lineNo)).toEqual([...range(51, 100), ...range(151, 200), ...range(251, 300)].filter((n) => n !== 77));

    const before = await first.done;
    expect(before.lines).toHaveLength(120);
    expect(before.ended).toBe(false);
    await waitFor(async () => second !== null);
    const after = await second!;
    expect(after.ended).toBe(true);
    expect([...before.lines, ...after.lines].map((line) => line.lineNo)).toEqual(expected);
  });

  it('tails what an agent writes through the gateway, to the end the agent marks', async () => {
    const agent = await buildTokenHeaders(env, { projectId: 'tail-a', pipelineId: 'p-1', buildId: 'tail-agent', userId: 'starter' });
    const tail = await openTail(streamUrl('tail-a/p-1/tail-agent/stream'), viewer);
    for (let batch = 0; batch < 3; batch += 1) {
      const messages = range(1, 40).map((n) => ({ message: `batch ${batch} line ${n}`, tag: 't1', timestamp: 0 }));
      expect((await request(gateway).post('/ms/log/api/build/logs/multi').set(agent).send(messages)).status).toBe(200);
    }
    expect((await request(gateway).put('/ms/log/api/build/logs/status?finished=true').set(agent)).status).toBe(200);
    const all = await tail.done;
    expect(all.ended).toBe(true);
    expect(all.lines.map((line) => line.lineNo)).toEqual(range(1, 120));
  });

  it('sends a finished log from ?start= and ends at once; Last-Event-ID wins over ?start=', async () => {
    const fromStart = await (await openTail(streamUrl('tail-a/p-1/tail-1/stream?start=290'), viewer)).done;
    expect([fromStart.lines.map((line) => line.lineNo), fromStart.ended]).toEqual([range(290, 300), true]);
    const resumed = await (await openTail(streamUrl('tail-a/p-1/tail-1/stream?start=3'), { ...viewer, 'Last-Event-ID': '297' })).done;
    expect([resumed.lines.map((line) => line.lineNo), resumed.ended]).toEqual([range(298, 300), true]);
    const run2 = await (await openTail(streamUrl('tail-a/p-1/tail-1/stream?executeCount=2'), viewer)).done;
    expect([run2.lines, run2.ended]).toEqual([[], true]);
  });

  it('ends at once, sending nothing, for a build of another pipeline or project, or a cleaned one', async () => {
    await storeLogBuild(logData, { buildId: 'tail-b1', projectId: 'tail-b', pipelineId: 'p-b', lastLineNo: 1 });
    await storeLogLines(logData, [logLine('tail-b1', 1)]);
    const foreign = await (await openTail(streamUrl('tail-a/p-b/tail-b1/stream'), viewer)).done;
    expect([foreign.lines, foreign.ended]).toEqual([[], true]);
    await storeLogBuild(logData, { buildId: 'tail-old', projectId: 'tail-a', pipelineId: 'p-1', lastLineNo: 9, cleaned: true });
    const cleaned = await (await openTail(streamUrl('tail-a/p-1/tail-old/stream'), viewer)).done;
    expect([cleaned.lines, cleaned.ended]).toEqual([[], true]);
    expect((await openTail(streamUrl('tail-a/p-1/tail-1/stream?logType=LOUD'), viewer)).status).toBe(400);
  });

  it('stops serving a tail whose client left, through the gateway', async () => {
    await storeLogBuild(logData, { buildId: 'tail-3', projectId: 'tail-a', pipelineId: 'p-1', lastLineNo: 2 });
    await storeLogLines(logData, [logLine('tail-3', 1), logLine('tail-3', 2)]);
    const hub = firstLog.get(LogTailHub);
    const open = new Set<object>();
    const listen = hub.listen.bind(hub);
    hub.listen = (buildId: string, wake: () => void) => {
      const tail = {};
      open.add(tail);
      const unlisten = listen(buildId, wake);
      return () => {
        open.delete(tail);
        unlisten();
      };
    };
    try {
      const leaving = await openTail(streamUrl('tail-a/p-1/tail-3/stream'), viewer, (tail) => tail.lines.length === 2);
      expect((await leaving.done).lines.map((line) => line.lineNo)).toEqual([1, 2]);
      await waitFor(async () => open.size === 0, 5000, 'the tail to close');
      expect(open.size).toBe(0);
    } finally {
      hub.listen = listen;
    }
  });

  if (TEST_PROFILE === 'services') {
    it('is woken by lines another replica stored (the events are broadcast to every replica)', async () => {
      // The gateway sends tails to the first replica; a second one stores the lines.
      const other = await env.start(logApp);
      const hub = firstLog.get(LogTailHub);
      const nudged: string[] = [];
      const nudge = hub.nudge.bind(hub);
      hub.nudge = (buildId: string) => {
        nudged.push(buildId);
        nudge(buildId);
      };
      const served = await openTail(streamUrl('tail-a/p-1/tail-2/stream'), viewer);
      const otherOutbox = other.app.get(OutboxService);
      await storeBatch(otherOutbox, 'tail-2', range(1, 5).map((n) => logLine('tail-2', n)));
      await otherOutbox.transaction(async (tx) => {
        await tx.manager.getRepository(LogBuildEntity).update({ buildId: 'tail-2' }, { finished: true, updatedAt: new Date() });
        emitEvent(tx.emit, LOG_FINISHED, { buildId: 'tail-2' });
      });
      const tail = await served.done;
      expect([tail.lines.map((line) => line.lineNo), tail.ended]).toEqual([range(1, 5), true]);
      await waitFor(async () => nudged.filter((buildId) => buildId === 'tail-2').length >= 2);
    });
  }
});
