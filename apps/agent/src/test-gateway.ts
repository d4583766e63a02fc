import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request the test gateway took. */
export interface TakenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** The answer to give: HTTP status and envelope; `data` alone means 200 with status 0. */
export type Answer = { httpStatus: number; envelope: unknown } | { data: unknown };

export type Route = (request: TakenRequest) => Answer | Promise<Answer>;

/**
 * A local HTTP server standing in for the gateway in the agent's unit tests: `route` answers each
 * request (by method and path without the query), every request is kept in `requests`.
 */
export async function startTestGateway(route: Route): Promise<{ url: string; requests: TakenRequest[]; close(): Promise<void> }> {
  const requests: TakenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const taken: TakenRequest = { method: req.method!, path: req.url!, headers: req.headers, body: text === '' ? undefined : JSON.parse(text) };
      requests.push(taken);
      void Promise.resolve(route(taken)).then((answer) => {
        const [status, envelope] = 'data' in answer ? [200, { status: 0, message: null, data: answer.data }] : [answer.httpStatus, answer.envelope];
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(envelope));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const unavailable: Answer = { httpStatus: 503, envelope: { status: 2100001, message: 'down', data: null } };
