import { Agent, request } from 'node:http';
import { DataSource } from 'typeorm';
import { TEST_ADMIN_TOKEN, TEST_PROFILE, TestEnvironment, buildTokenHeaders } from '@bkci/testing';
import { logApp } from '../apps/log/src/log.app';
import { LogBuildEntity } from '../apps/log/src/entities/log-build.entity';
import { LogLineEntity } from '../apps/log/src/entities/log-line.entity';
import { ALL_APPS } from '../apps/standalone/src/all-apps';
import { httpCaller } from './http-caller';

/**
 * The log app's figures (issue 12), all through the gateway on 127.0.0.1 (`npm run bench:log`, services
 * profile by default; TEST_PROFILE=embedded for SQLite):
 *  - ingest: lines/s with WRITERS agents sending batches of BATCH lines to /build/logs/multi, and the
 *    ratio of its time to a plain multi-row INSERT of the same rows, the same way, in the same run;
 *  - live tail: from a batch's acknowledgement to its last line arriving over SSE, under that load;
 *  - reading a READ_LINES-line log through init + after;
 *  - peak memory while downloading a DOWNLOAD_LINES-line log.
 */
const LINES = Number(process.env.BENCH_LOG_LINES ?? 200_000);
const BATCH = 1000;
const WRITERS = 4;
const READ_LINES = 100_000;
const DOWNLOAD_LINES = Number(process.env.BENCH_LOG_DOWNLOAD_LINES ?? 1_000_000);
const PROJECT = 'logbench';
const PIPELINE = 'p-bench';

const agent = new Agent({ keepAlive: true, maxSockets: 32 });
const call = httpCaller(agent);
const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

async function main(): Promise<void> {
  const env = new TestEnvironment({ BKCI_LOG_LEVEL: 'silent' });
  try {
    let gateway = '';
    let logData: DataSource | null = null;
    for (const definition of ALL_APPS) {
      const started = await env.start(definition);
      if (definition === logApp) logData = started.app.get(DataSource);
      gateway = started.url;
    }
    if (!logData) throw new Error('the log app did not start');
    await call(`${gateway}/ms/process/api/user/projects`, 'POST', admin, JSON.stringify({ projectName: 'Log bench', englishName: PROJECT }));
    console.log(`profile ${TEST_PROFILE}: ${LINES} lines, ${WRITERS} writers, batches of ${BATCH}`);

    const baseline = await timeBaselineInsert(logData);
    const ingest = await timeIngestWithTail(env, gateway);
    console.log(`ingest through the gateway: ${(LINES / ingest.seconds).toFixed(0)} lines/s (${ingest.seconds.toFixed(2)} s)`);
    console.log(`plain multi-row INSERT, same rows: ${(LINES / baseline).toFixed(0)} lines/s (${baseline.toFixed(2)} s)`);
    console.log(`ratio ingest / INSERT: ${(ingest.seconds / baseline).toFixed(2)} (aim ≤ 3)`);
    console.log(`tail latency ack → SSE: p50 ${percentile(ingest.tailMs, 0.5)} ms, p99 ${percentile(ingest.tailMs, 0.99)} ms over ${ingest.tailMs.length} batches (aim p99 < 250 ms)`);

    await insertDirectly(logData, 'b-read', READ_LINES);
    console.log(`read ${READ_LINES} lines through init + after: ${(await timeFullRead(gateway, 'b-read')).toFixed(2)} s`);

    await insertDirectly(logData, 'b-download', DOWNLOAD_LINES);
    const download = await downloadPeakMemory(gateway, 'b-download');
    const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
    console.log(`download ${DOWNLOAD_LINES} lines: ${mib(download.bytes)} MiB in ${download.seconds.toFixed(1)} s; peak heap +${mib(download.peakHeapGrowth)} MiB, peak RSS ${mib(download.peakRss)} MiB (all apps and the bench)`);
  } finally {
    agent.destroy();
    await env.close();
  }
}

function lineOf(buildId: string, lineNo: number, message: string): LogLineEntity {
  return { buildId, lineNo, executeCount: 1, timestamp: Date.now(), message, logType: 'LOG', tag: 'e-1', subTag: '', containerHashId: 'c-1', jobId: 'job', stepId: 'step' };
}

function messageOf(writer: number, batch: number, line: number): string {
  return `writer ${writer} batch ${batch} line ${line}: compiling module ${line % 97} of the bench project`;
}

/** The same rows, by the same writers, as plain multi-row INSERTs: what storing costs without the app around it. */
async function timeBaselineInsert(data: DataSource): Promise<number> {
  const started = process.hrtime.bigint();
  const perWriter = LINES / WRITERS;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let batch = 0; batch * BATCH < perWriter; batch++) {
        const rows = Array.from({ length: BATCH }, (_, i) => lineOf(`baseline-${writer}`, batch * BATCH + i + 1, messageOf(writer, batch, i)));
        await data.createQueryBuilder().insert().into(LogLineEntity).values(rows).execute();
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Writers send through the gateway while one SSE client tails the build; each batch's tail latency is ack → last line seen. */
async function timeIngestWithTail(env: TestEnvironment, gateway: string): Promise<{ seconds: number; tailMs: number[] }> {
  const build = await buildTokenHeaders(env, { projectId: PROJECT, pipelineId: PIPELINE, buildId: 'b-ingest', userId: 'bench' });
  await call(`${gateway}/ms/log/api/build/logs/status`, 'POST', { ...build, 'content-type': 'application/json' });
  const acknowledged = new Map<string, number>();
  const arrived = new Map<string, number>();
  const tail = openTail(`${gateway}/ms/log/api/user/logs/${PROJECT}/${PIPELINE}/b-ingest/stream`, (message) => {
    const last = /^writer (\d+) batch (\d+) line (\d+):/.exec(message);
    if (last && Number(last[3]) === BATCH - 1) arrived.set(`${last[1]}/${last[2]}`, performance.now());
  });
  const perWriter = LINES / WRITERS;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let batch = 0; batch * BATCH < perWriter; batch++) {
        // One task per writer, as agents of parallel jobs: a task may store at most 100,000 lines.
        const lines = Array.from({ length: BATCH }, (_, i) => ({ message: messageOf(writer, batch, i), timestamp: Date.now(), tag: `e-${writer}`, jobId: 'job', containerHashId: 'c-1', logType: 'LOG', executeCount: 1 }));
        await call(`${gateway}/ms/log/api/build/logs/multi`, 'POST', { ...build, 'content-type': 'application/json' }, JSON.stringify(lines));
        acknowledged.set(`${writer}/${batch}`, performance.now());
      }
    }),
  ).catch((error: unknown) => {
    tail.close();
    throw error;
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const deadline = Date.now() + 30_000;
  while (arrived.size < acknowledged.size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  tail.close();
  if (arrived.size < acknowledged.size) console.log(`tail: only ${arrived.size} of ${acknowledged.size} batches arrived over SSE within 30 s`);
  const tailMs = [...arrived].map(([batch, at]) => at - (acknowledged.get(batch) ?? at));
  return { seconds, tailMs };
}

/** An SSE client: calls `onLine` with each line's message. */
function openTail(url: string, onLine: (message: string) => void): { close(): void } {
  let buffered = '';
  const req = request(url, { headers: { authorization: admin.authorization, accept: 'text/event-stream' }, agent: false }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = event.split('\n').find((field) => field.startsWith('data: '));
        if (data) onLine((JSON.parse(data.slice(6)) as { message: string }).message);
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return { close: () => req.destroy() };
}

/** Stores a finished log of `lines` lines without the write path (the read figures are about reading). */
async function insertDirectly(data: DataSource, buildId: string, lines: number): Promise<void> {
  const now = new Date();
  await data.getRepository(LogBuildEntity).insert({ buildId, projectId: PROJECT, pipelineId: PIPELINE, lastLineNo: lines, finished: true, cleaned: false, createdAt: now, updatedAt: now });
  for (let from = 1; from <= lines; from += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, lines - from + 1) }, (_, i) => lineOf(buildId, from + i, `line ${from + i} of a long log: ${'x'.repeat(40)}`));
    await data.createQueryBuilder().insert().into(LogLineEntity).values(rows).execute();
  }
}

/** As BK-CI's console does: init, then /after from the last line seen while hasMore. */
async function timeFullRead(gateway: string, buildId: string): Promise<number> {
  const base = `${gateway}/ms/log/api/user/logs/${PROJECT}/${PIPELINE}/${buildId}`;
  const started = process.hrtime.bigint();
  let page = JSON.parse(await call(`${base}/`, 'GET', admin)).data as { logs: Array<{ lineNo: number }>; hasMore: boolean };
  let read = page.logs.length;
  while (page.hasMore) {
    const last = page.logs[page.logs.length - 1].lineNo;
    page = JSON.parse(await call(`${base}/after?start=${last + 1}`, 'GET', admin)).data as typeof page;
    read += page.logs.length;
  }
  if (read !== READ_LINES) throw new Error(`read ${read} lines, expected ${READ_LINES}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * Downloads the log, counting bytes, while sampling this process's memory (the apps run in it). RSS
 * rarely shrinks after the inserts before it, so the heap (after a GC) is the figure that shows
 * whether the download holds the log in memory; peak RSS is printed beside it.
 */
async function downloadPeakMemory(gateway: string, buildId: string): Promise<{ bytes: number; seconds: number; peakHeapGrowth: number; peakRss: number }> {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    const { heapUsed, rss } = process.memoryUsage();
    peakHeap = Math.max(peakHeap, heapUsed);
    peakRss = Math.max(peakRss, rss);
  }, 20);
  const started = process.hrtime.bigint();
  const bytes = await new Promise<number>((resolve, reject) => {
    const req = request(`${gateway}/ms/log/api/user/logs/${PROJECT}/${PIPELINE}/${buildId}/download`, { headers: { authorization: admin.authorization }, agent }, (res) => {
      let total = 0;
      res.on('data', (chunk: Buffer) => (total += chunk.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(total) : reject(new Error(`download: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
  clearInterval(sampler);
  return { bytes, seconds: Number(process.hrtime.bigint() - started) / 1e9, peakHeapGrowth: peakHeap - heapBefore, peakRss };
}

function percentile(values: number[], q: number): string {
  if (values.length === 0) return 'n/a';
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
