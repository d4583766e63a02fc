/** BK-CI's `VariableDefault` values: written into the Model when the YAML leaves them out, and left out of the YAML again. */
export const DEFAULT_STEP_TIMEOUT_MINUTES = 900;
export const DEFAULT_JOB_TIMEOUT_MINUTES = 900;
export const DEFAULT_JOB_PREPARE_TIMEOUT = 10;
export const DEFAULT_JOB_MAX_QUEUE_MINUTES = 60;
export const DEFAULT_MUTEX_QUEUE_LENGTH = 5;
export const DEFAULT_MUTEX_TIMEOUT_MINUTES = 900;
export const DEFAULT_CHECKIN_TIMEOUT_HOURS = 24;
export const DEFAULT_MATRIX_MAX_CONCURRENCY = 5;
export const DEFAULT_WAIT_QUEUE_TIME_MINUTE = 480;
export const DEFAULT_MAX_QUEUE_SIZE = 10;
export const DEFAULT_MAX_CON_RUNNING_QUEUE_SIZE = 50;
/** `runs-on.pool-name` of an agentless (`normal`) job. */
export const AGENTLESS_POOL = 'agentless';
/** Plugin version of the built-in script elements when a step says `run:`. */
export const SCRIPT_VERSION = '1.*';
/** Webhook trigger elements BK-CI writes for `on:` rules. */
export const WEBHOOK_VERSION = '2.*';

/** `timeout-minutes` may be a number or an expression: the Model keeps both a number and the text. */
export function splitTimeout(value: unknown, fallback: number): { timeout: number; timeoutVar: string } {
  if (value === undefined || value === null) return { timeout: fallback, timeoutVar: String(fallback) };
  const text = String(value);
  const number = Number(text);
  return { timeout: Number.isInteger(number) ? number : fallback, timeoutVar: text };
}

/** The YAML `timeout-minutes` for a Model timeout: the expression when there is one; nothing for the default. */
export function joinTimeout(timeout: number | null | undefined, timeoutVar: string | null | undefined, fallback: number): string | number | undefined {
  const text = timeoutVar ?? (timeout === null || timeout === undefined ? undefined : String(timeout));
  if (text === undefined || text === String(fallback)) return undefined;
  return /^\d+$/.test(text) ? Number(text) : text;
}
