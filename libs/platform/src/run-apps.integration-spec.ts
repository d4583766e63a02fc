import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { GATEWAY_ISSUER, SERVICE_TOKEN_HEADER, ServiceTokens } from '@bkci/auth';
import { TestEnvironment } from '@bkci/testing';
import { processApp } from '../../../apps/process/src/process.app';
import { createApp } from './create-app';
import { drainAndClose } from './run-apps';

describe('graceful shutdown', () => {
  const env = new TestEnvironment();

  afterAll(() => env.close());

  it('finishes a request already in flight, refuses new connections, then closes', async () => {
    const config = env.config('process');
    const app = await createApp(processApp.rootModule(config), config);
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const token = new ServiceTokens(config.serviceToken.secret, 60).sign({
      userId: 'admin', issuer: GATEWAY_ISSUER, appCode: null, admin: true,
    });
    const body = JSON.stringify({ projectName: 'Drain', englishName: 'drain-demo' });

    // A request whose body is only half sent is in flight when shutdown begins.
    const inFlight = httpRequest({
      host: '127.0.0.1', port, method: 'POST', path: '/api/user/projects',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), [SERVICE_TOKEN_HEADER]: token },
    });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      inFlight.on('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      inFlight.on('error', reject);
    });
    inFlight.write(body.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));

    const closed = drainAndClose([{ name: 'process', app }], 10_000);
    await expect(connect(port)).rejects.toThrow(/ECONNREFUSED/);

    inFlight.end(body.slice(10));
    const response = await answered;
    expect(response.status).toBe(201);
    expect(JSON.parse(response.body).data.projectId).toBe('drain-demo');
    await closed;
  });
});

function connect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = httpRequest({ host: '127.0.0.1', port, path: '/api/health' }, () => resolve());
    probe.on('error', reject);
    probe.end();
  });
}
