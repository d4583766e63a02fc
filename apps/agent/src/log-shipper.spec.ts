import { GatewayClient } from './http-client';
import { JobApi, LogMessage, ThirdPartyBuildInfo } from './job-api';
import { AgentLog } from './log';
import { LogShipper, LogShipperTiming } from './log-shipper';
import { MaskList } from './mask';
import { Answer, startTestGateway, TakenRequest, unavailable } from './test-gateway';

const BUILD: ThirdPartyBuildInfo = { projectId: 'demo', buildId: 'b-1', vmSeqId: '1', workspace: '', pipelineId: 'p-1', executeCount: 2, containerHashId: 'c-1', jobId: 'job_1', buildToken: 'tok' };
const TIMING: LogShipperTiming = { flushMs: 200, maxLines: 100, retryInitialMs: 5, retryMaxMs: 20, giveUpMs: 5_000, maxPending: 1_000 };
const silent: AgentLog = () => undefined;

const line = (message: string, logType: LogMessage['logType'] = 'LOG'): LogMessage => ({
  message,
  timestamp: 1_700_000_000_000,
  tag: 't-1',
  jobId: 'job_1',
  containerHashId: 'c-1',
  stepId: 's1',
  executeCount: 2,
  logType,
});

async function withShipper(route: (request: TakenRequest) => Answer, test: (shipper: LogShipper, requests: TakenRequest[], masks: MaskList) => Promise<void>): Promise<void> {
  const gateway = await startTestGateway(route);
  const api = new JobApi(new GatewayClient(gateway.url), BUILD, 1_000);
  const masks = new MaskList();
  const stop = new AbortController();
  try {
    await test(new LogShipper((messages, batchId, signal) => api.printLogs(messages, batchId, signal), masks, silent, stop.signal, TIMING), gateway.requests, masks);
  } finally {
    stop.abort();
    await gateway.close();
  }
}

const sentLines = (requests: TakenRequest[]) => requests.flatMap((request) => (request.body as LogMessage[]).map((message) => message.message));

describe('LogShipper', () => {
  it('sends 100 lines at once without waiting, in order, to log with the build headers', async () => {
    await withShipper(
      () => ({ data: true }),
      async (shipper, requests) => {
        const lines = Array.from({ length: 250 }, (_, i) => `line ${i}`);
        const started = Date.now();
        for (const text of lines) shipper.add(line(text));
        await shipper.flush();
        expect(Date.now() - started).toBeLessThan(150);
        expect(requests.map((request) => (request.body as unknown[]).length)).toEqual([100, 100, 50]);
        expect(sentLines(requests)).toEqual(lines);
        expect(requests[0].method).toBe('POST');
        expect(requests[0].path).toBe('/ms/log/api/build/logs/multi');
        expect(requests[0].headers).toMatchObject({ 'x-devops-build-token': 'tok', 'x-devops-project-id': 'demo', 'x-devops-build-id': 'b-1', 'x-devops-vm-sid': '1' });
        expect((requests[0].body as LogMessage[])[0]).toEqual(line('line 0'));
        expect(new Set(requests.map((request) => request.headers['x-devops-log-batch-id'])).size).toBe(3);
      },
    );
  });

  it('sends a few lines together after 200 ms', async () => {
    await withShipper(
      () => ({ data: true }),
      async (shipper, requests) => {
        shipper.add(line('a'));
        shipper.add(line('b', 'ERROR'));
        await new Promise((resolve) => setTimeout(resolve, 120));
        expect(requests).toHaveLength(0);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(requests).toHaveLength(1);
        expect((requests[0].body as LogMessage[]).map((message) => [message.message, message.logType])).toEqual([
          ['a', 'LOG'],
          ['b', 'ERROR'],
        ]);
      },
    );
  });

  it('sends a batch again under the same id while log is unavailable or busy, and keeps the order', async () => {
    let answered = 0;
    const busy: Answer = { httpStatus: 429, envelope: { status: 2115001, message: 'busy', data: null } };
    await withShipper(
      () => [unavailable, busy][answered++] ?? { data: true },
      async (shipper, requests) => {
        shipper.add(line('first'));
        await new Promise((resolve) => setTimeout(resolve, 210));
        shipper.add(line('second'));
        await shipper.flush();
        expect(requests.map((request) => sentLines([request]))).toEqual([['first'], ['first'], ['first'], ['second']]);
        const ids = requests.map((request) => request.headers['x-devops-log-batch-id']);
        expect(ids[0]).toBe(ids[1]);
        expect(ids[1]).toBe(ids[2]);
        expect(ids[3]).not.toBe(ids[0]);
      },
    );
  });

  it('drops a batch log refuses, and goes on with the next', async () => {
    let answered = 0;
    await withShipper(
      () => (answered++ === 0 ? { httpStatus: 400, envelope: { status: 2100004, message: 'bad', data: null } } : { data: true }),
      async (shipper, requests) => {
        shipper.add(line('refused'));
        await shipper.flush();
        shipper.add(line('taken'));
        await shipper.flush();
        expect(requests.map((request) => sentLines([request]))).toEqual([['refused'], ['taken']]);
      },
    );
  });

  it('masks every secret of the job, the longest first', async () => {
    await withShipper(
      () => ({ data: true }),
      async (shipper, requests, masks) => {
        masks.add('pass');
        masks.add('password123');
        masks.add('');
        shipper.add(line('user password123 and pass, pass'));
        await shipper.flush();
        expect(sentLines(requests)).toEqual(['user ****** and ******, ******']);
      },
    );
  });

  it('drops the lines beyond maxPending while they wait, keeping the others in order', async () => {
    await withShipper(
      () => ({ data: true }),
      async (shipper, requests) => {
        // The first 100 leave at once (out of the queue); the next 1000 wait while that batch is out; 5 more do not fit.
        const lines = Array.from({ length: 1_105 }, (_, i) => `line ${i}`);
        for (const text of lines) shipper.add(line(text));
        await shipper.flush();
        expect(sentLines(requests)).toEqual(lines.slice(0, 1_100));
      },
    );
  });
});
