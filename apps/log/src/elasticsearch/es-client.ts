import type { LogElasticsearchConfig } from '../log.config';
import { LogError, LogErrorCode } from '../log.errors';

/** A request that takes longer is abandoned and answered STORE_UNAVAILABLE (the writer retries). */
const REQUEST_TIMEOUT_MS = 30_000;

/** Elasticsearch's error body: `{ error: { type, reason }, status }`. */
interface ErrorBody {
  error?: { type?: string; reason?: string } | string;
}

/** An answer with a status the caller chose to accept (e.g. 404 of a missing index). */
interface EsAnswer<T> {
  status: number;
  body: T;
}

/**
 * The few REST calls the log stores make, over node's fetch: JSON in and out (NDJSON for _bulk),
 * basic authentication when configured. A failure becomes STORE_UNAVAILABLE naming the call and
 * Elasticsearch's reason, so the writer's transaction rolls back and the agent retries.
 */
export class EsClient {
  private readonly headers: Record<string, string>;

  constructor(private readonly config: Pick<LogElasticsearchConfig, 'url' | 'username' | 'password'>) {
    this.headers = config.username !== null ? { authorization: `Basic ${Buffer.from(`${config.username}:${config.password ?? ''}`).toString('base64')}` } : {};
  }

  /** Sends `body` as JSON; any status other than 2xx and `accepted` throws. */
  async json<T>(method: string, path: string, body?: unknown, accepted: number[] = []): Promise<EsAnswer<T>> {
    return this.send<T>(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json', accepted);
  }

  /** Sends newline-delimited JSON (the _bulk format): one line per item of `lines`, and a final newline. */
  async ndjson<T>(path: string, lines: unknown[]): Promise<T> {
    const body = lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
    return (await this.send<T>('POST', path, body, 'application/x-ndjson', [])).body;
  }

  private async send<T>(method: string, path: string, body: string | undefined, contentType: string, accepted: number[]): Promise<EsAnswer<T>> {
    let response: Response;
    try {
      response = await fetch(`${this.config.url}${path}`, {
        method,
        headers: { ...this.headers, ...(body !== undefined && { 'content-type': contentType }) },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw unavailable(method, path, (error as Error).message);
    }
    const text = await response.text();
    const parsed = text === '' ? {} : parse(text);
    if (response.ok || accepted.includes(response.status)) return { status: response.status, body: parsed as T };
    throw unavailable(method, path, `HTTP ${response.status}: ${reason(parsed) ?? text.slice(0, 200)}`);
  }
}

/** The `type: reason` of an Elasticsearch error body, if it is one. */
export function reason(body: unknown): string | null {
  const error = (body as ErrorBody | null)?.error;
  if (error === undefined || error === null) return null;
  return typeof error === 'string' ? error : `${error.type ?? 'error'}: ${error.reason ?? ''}`;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: text.slice(0, 200) };
  }
}

/** STORE_UNAVAILABLE for a failed call, saying what to check. */
export function unavailable(method: string, path: string, detail: string): LogError {
  return new LogError(LogErrorCode.STORE_UNAVAILABLE, `Elasticsearch failed ${method} ${path.split('?')[0]}: ${detail}; check the cluster (BKCI_ES_URL) and retry`);
}
