import { Agent, request } from 'node:http';

/** A bench's HTTP call over `agent`: resolves with the answer's text on 2xx, rejects naming the call otherwise. */
export type HttpCall = (url: string, method: string, headers: Record<string, string>, body?: string) => Promise<string>;

export function httpCaller(agent: Agent): HttpCall {
  return (url, method, headers, body) =>
    new Promise((resolve, reject) => {
      const req = request(url, { method, headers, agent }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve(text) : reject(new Error(`${method} ${url}: ${res.statusCode} ${text}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
}
