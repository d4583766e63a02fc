import { LOG_LINES_STORED } from '@bkci/contracts';
import { OutboxEventEntity } from '@bkci/messaging';
import { TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { ticketApp } from '../apps/ticket/src/ticket.app';
import { LogLineEntity } from '../apps/log/src/entities/log-line.entity';
import { logApp } from '../apps/log/src/log.app';
import { LogErrorCode } from '../apps/log/src/log.errors';
import { LogIngestService, PrintRequest } from '../apps/log/src/ingest/log-ingest.service';
import { LogStatusService } from '../apps/log/src/ingest/log-status.service';

const BUILD = { projectId: 'p', pipelineId: 'pl', buildId: 'b-group' };

/**
 * Group commit, called inside the log app (ticket answers which secrets to mask): batches of one
 * build sent in the same instant queue behind the first and are written together, and each is
 * answered exactly as if it had been alone.
 */
describe('LogIngestService group commit', () => {
  const env = new TestEnvironment();
  let data: DataSource;
  let ingest: LogIngestService;
  let statuses: LogStatusService;

  const batch = (name: string, batchId?: string): PrintRequest => ({
    build: BUILD,
    messages: [0, 1, 2].map((i) => ({ message: `${name}-${i}`, tag: 't' })),
    highlight: null,
    batchId,
  });
  /** Each print's answer: 'ok' or its error code. */
  const answers = (requests: PrintRequest[]) =>
    Promise.all(requests.map((request) => ingest.print(request).then(() => 'ok', (error: { code: number }) => error.code)));
  const storedEvents = async () =>
    (await data.getRepository(OutboxEventEntity).findBy({ type: LOG_LINES_STORED })).map((event) => JSON.parse(event.body).payload as { buildId: string; lastLineNo: number });

  beforeAll(async () => {
    await env.start(ticketApp);
    const log = await env.start(logApp);
    data = log.app.get(DataSource);
    ingest = log.app.get(LogIngestService);
    statuses = log.app.get(LogStatusService);
  });

  afterAll(() => env.close());

  it('writes the batches that waited as one transaction: a range and an answer each, a batch sent twice stored once, one event', async () => {
    // The first is written at once, alone; the other five wait for it and make one group.
    expect(await answers([batch('a'), batch('b', 'id-b'), batch('c'), batch('b', 'id-b'), batch('d'), batch('c')])).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    const lines = await data.getRepository(LogLineEntity).find({ where: { buildId: BUILD.buildId }, order: { lineNo: 'ASC' } });
    expect(lines.map((line) => [line.lineNo, line.message])).toEqual(
      ['a', 'b', 'c', 'd'].flatMap((name, n) => [0, 1, 2].map((i) => [n * 3 + i + 1, `${name}-${i}`])),
    );
    expect(await storedEvents()).toEqual([
      { buildId: BUILD.buildId, lastLineNo: 3 },
      { buildId: BUILD.buildId, lastLineNo: 12 },
    ]);
  });

  it('answers each batch of a group that failed as it would be answered alone', async () => {
    await statuses.setStatus(BUILD, {}, true, null);
    // Alone, a batch sent before is answered as the first time even once the log is finished, and a
    // new one is refused; together they make a group that fails, and then each is written alone.
    expect(await answers([batch('e'), batch('b', 'id-b'), batch('f'), batch('a')])).toEqual([
      LogErrorCode.BUILD_FINISHED,
      'ok',
      LogErrorCode.BUILD_FINISHED,
      'ok',
    ]);
    expect(await data.getRepository(LogLineEntity).countBy({ buildId: BUILD.buildId })).toBe(12);
  });
});
