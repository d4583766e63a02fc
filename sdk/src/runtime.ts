/**
 * The hand-written part of the SDK: how a call is made (credentials, URL, body) and how an answer
 * is read (the `{status, message, data}` envelope unwrapped, anything else a BkciApiError). The
 * methods of generated/client.ts are one line each onto `call`.
 */

/** A registered third-party app calling the v4 API in app mode (`/apigw-app/...`) for a user. */
export interface AppCredentials {
  appCode: string;
  appSecret: string;
  /** The user the app acts for (`X-DEVOPS-UID`). */
  userId: string;
}

export interface BkciClientOptions {
  /** The gateway, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** A personal access token (or the admin token), sent as `Authorization: Bearer …`. */
  token?: string;
  /** App credentials instead of a token. */
  app?: AppCredentials;
  /** Sent with every call, after the credentials. */
  headers?: Record<string, string>;
  /** Defaults to the global fetch (Node 20 has one). */
  fetch?: typeof fetch;
}

/** A call the product refused or could not answer: `statusCode` is the HTTP status, `code` BK-CI's error code (null when the answer had none). */
export class BkciApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: number | null,
    message: string,
    /** The gateway's id of the request (`X-DEVOPS-RID`), to find it in the product's logs. */
    readonly requestId: string | null,
  ) {
    super(message);
    this.name = 'BkciApiError';
  }
}

/** One operation as the generated code describes it. */
export interface CallSpec {
  method: string;
  /** The document's path, its path parameters in braces. */
  path: string;
  /** The names in `params` that go in the query, and those that go in headers; the others fill the path. */
  query?: string[];
  headers?: string[];
  params?: object;
  body?: unknown;
  /** The body is `multipart/form-data` (a FormData), not JSON. */
  form?: boolean;
}

type Scalar = string | number | boolean;

export abstract class BkciClientBase {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: BkciClientOptions) {
    if (options.token !== undefined && options.app !== undefined) throw new Error('Give a token or app credentials, not both');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? fetch;
  }

  /** Makes the call and answers the envelope's `data`; a non-2xx answer, or an envelope whose status is not 0, throws a BkciApiError. */
  protected async call<T>(spec: CallSpec): Promise<T> {
    const params = (spec.params ?? {}) as Record<string, Scalar | Scalar[] | null | undefined>;
    const headers: Record<string, string> = { ...this.credentialHeaders(), ...this.options.headers };
    for (const name of spec.headers ?? []) {
      const value = params[name];
      if (value !== undefined && value !== null) headers[name] = String(value);
    }
    let body: string | FormData | undefined;
    if (spec.body !== undefined) {
      if (spec.form) {
        body = spec.body as FormData;
      } else {
        body = JSON.stringify(spec.body);
        headers['content-type'] = 'application/json';
      }
    }
    const response = await this.fetch(this.url(spec, params), { method: spec.method, headers, body });
    return readAnswer<T>(response);
  }

  private credentialHeaders(): Record<string, string> {
    const { token, app } = this.options;
    if (token !== undefined) return { authorization: `Bearer ${token}` };
    if (app !== undefined) return { 'X-DEVOPS-APP-CODE': app.appCode, 'X-DEVOPS-APP-SECRET': app.appSecret, 'X-DEVOPS-UID': app.userId };
    return {};
  }

  private url(spec: CallSpec, params: Record<string, Scalar | Scalar[] | null | undefined>): string {
    const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined || value === null || value === '') throw new Error(`${spec.method} ${spec.path}: path parameter ${name} is required`);
      return encodeURIComponent(String(value));
    });
    const query = new URLSearchParams();
    for (const name of spec.query ?? []) {
      const value = params[name];
      if (value === undefined || value === null) continue;
      for (const one of Array.isArray(value) ? value : [value]) query.append(name, String(one));
    }
    const text = query.toString();
    return `${this.baseUrl}${path}${text === '' ? '' : `?${text}`}`;
  }
}

/** A JSON answer is the envelope; any other (a log download) is its text. */
async function readAnswer<T>(response: Response): Promise<T> {
  const requestId = response.headers.get('x-devops-rid');
  const text = await response.text();
  if (!(response.headers.get('content-type') ?? '').includes('json')) {
    if (!response.ok) throw new BkciApiError(response.status, null, text || `HTTP ${response.status}`, requestId);
    return text as T;
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new BkciApiError(response.status, null, `The answer is not valid JSON: ${text.slice(0, 200)}`, requestId);
  }
  if (!isEnvelope(envelope)) throw new BkciApiError(response.status, null, `The answer is not the {status, message, data} envelope: ${text.slice(0, 200)}`, requestId);
  if (!response.ok || envelope.status !== 0) {
    throw new BkciApiError(response.status, envelope.status, envelope.message ?? `HTTP ${response.status}`, requestId);
  }
  return envelope.data as T;
}

function isEnvelope(value: unknown): value is { status: number; message: string | null; data: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { status?: unknown }).status === 'number';
}
