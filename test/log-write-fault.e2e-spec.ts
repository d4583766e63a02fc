import { GATEWAY_ISSUER, SERVICE_TOKEN_HEADER, ServiceTokens } from '@bkci/auth';
import { createDataSource, dataSourceOptions } from '@bkci/persistence';
import { AppProcess, sleep, TestEnvironment, waitFor } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { LogBuildEntity } from '../apps/log/src/entities/log-build.entity';
import { LogLineEntity } from '../apps/log/src/entities/log-line.entity';
import { logApp } from '../apps/log/src/log.app';
import { ticketApp } from '../apps/ticket/src/ticket.app';

const WRITERS = 4;
const BATCHES = 40;
const SIZE = 100;
const BUILD = { projectId: 'fault', pipelineId: 'p-1', buildId: 'b-crash' };

interface Batch {
  writer: number;
  index: number;
  lines: Array<{ message: string; timestamp: number; tag: string }>;
  headers: Record<string, string>;
}

/**
 * Acknowledged means committed: the log app runs in a process of its own and is SIGKILLed while
 * four writers send. After its restart every acknowledged batch is there; the writers send again
 * every batch they had no answer for (some were committed just before the kill), and in the end
 * each batch is stored exactly once and the line numbers have no gap.
 */
describe('log writes under a crash', () => {
  jest.setTimeout(180_000);
  const env = new TestEnvironment();
  let log: AppProcess;
  let database: DataSource;
  let tokens: ServiceTokens;

  beforeAll(async () => {
    // Started first, so the log process is given ticket's URL (it asks ticket what to mask).
    await env.start(ticketApp);
    log = await env.spawn('log');
    tokens = new ServiceTokens(env.env.BKCI_SERVICE_SECRET, 300);
    database = await createDataSource(dataSourceOptions(env.config('log').database, logApp.schema));
  });

  afterAll(async () => {
    await database?.destroy();
    await env.close();
  });

  /** The answer's HTTP status, or null when the connection failed (the app is gone). */
  async function send(batch: Batch): Promise<number | null> {
    const token = tokens.sign({ userId: 'starter', issuer: GATEWAY_ISSUER, appCode: null, admin: false, build: BUILD });
    try {
      const response = await fetch(`${log.url}/api/build/logs/multi`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SERVICE_TOKEN_HEADER]: token, ...batch.headers },
        body: JSON.stringify(batch.lines),
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return null;
    }
  }

  it('keeps every acknowledged batch exactly once and numbers lines without a gap', async () => {
    const batches: Batch[][] = Array.from({ length: WRITERS }, (_, writer) =>
      Array.from({ length: BATCHES }, (_, index) => ({
        writer,
        index,
        lines: Array.from({ length: SIZE }, (_, i) => ({ message: `w${writer}-b${index}-l${i}`, timestamp: 1_000 + i, tag: `task-${writer}` })),
        // Half the writers name their batches; the others' are known by their content.
        headers: writer % 2 === 0 ? { 'X-DEVOPS-LOG-BATCH-ID': `w${writer}-b${index}` } : ({} as Record<string, string>),
      })),
    );
    const acknowledged = new Set<Batch>();

    /** Sends a writer's batches in order until the app stops answering. */
    const writer = async (mine: Batch[]) => {
      for (const batch of mine) {
        for (;;) {
          const status = await send(batch);
          if (status === null) return;
          if (status === 200) break;
          expect(status).toBe(429);
          await sleep(200);
        }
        acknowledged.add(batch);
      }
    };
    const writing = Promise.all(batches.map((mine) => writer(mine)));
    await waitFor(async () => acknowledged.size >= (WRITERS * BATCHES) / 4, 60_000, 'a quarter of the batches to be acknowledged');
    await log.kill();
    await writing;
    const total = WRITERS * BATCHES;
    expect(acknowledged.size).toBeLessThan(total);

    await log.start();
    // Every acknowledged batch was committed before its answer.
    const afterCrash = new Set((await database.getRepository(LogLineEntity).find({ where: { buildId: BUILD.buildId }, select: { message: true } })).map((l) => l.message));
    for (const batch of acknowledged) for (const line of batch.lines) expect(afterCrash.has(line.message)).toBe(true);

    // Each writer sends again, in order, everything it had no answer for.
    await Promise.all(
      batches.map(async (mine) => {
        for (const batch of mine.filter((b) => !acknowledged.has(b))) {
          for (;;) {
            const status = await send(batch);
            if (status === 200) break;
            expect(status).toBe(429);
            await sleep(200);
          }
        }
      }),
    );

    const stored = await database.getRepository(LogLineEntity).find({ where: { buildId: BUILD.buildId }, select: { lineNo: true, message: true }, order: { lineNo: 'ASC' } });
    expect(stored.length).toBe(total * SIZE);
    expect(stored.map((l) => l.lineNo)).toEqual(Array.from({ length: total * SIZE }, (_, i) => i + 1));
    const messages = new Set(stored.map((l) => l.message));
    expect(messages.size).toBe(total * SIZE);
    for (const mine of batches) for (const batch of mine) for (const line of batch.lines) expect(messages.has(line.message)).toBe(true);
  });
});

describe('log writes while ticket is unreachable', () => {
  // Nothing listens on port 9: the log app cannot learn which secrets to mask.
  const env = new TestEnvironment({ BKCI_TICKET_URL: 'http://127.0.0.1:9' });

  afterAll(() => env.close());

  it('refuses the batch with 503 and Retry-After rather than store it unmasked', async () => {
    const log = await env.start(logApp);
    const token = new ServiceTokens(env.env.BKCI_SERVICE_SECRET, 300).sign({ userId: 'starter', issuer: GATEWAY_ISSUER, appCode: null, admin: false, build: BUILD });
    const response = await fetch(`${log.url}/api/build/logs/multi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SERVICE_TOKEN_HEADER]: token },
      body: JSON.stringify([{ message: 'maybe a secret' }]),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(((await response.json()) as { status: number }).status).toBe(2100008);
    const data = log.app.get(DataSource);
    expect(await data.getRepository(LogLineEntity).countBy({ buildId: BUILD.buildId })).toBe(0);
    expect(await data.getRepository(LogBuildEntity).countBy({ buildId: BUILD.buildId })).toBe(0);
  });
});
