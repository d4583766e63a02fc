/**
 * One JSON line per event on stdout, e.g. `{"time":"…","level":"info","event":"startup","status":"IMPORT_OK"}`.
 * Callers pass only what is safe to show: the secret never goes into a field.
 */
export type LogLevel = 'info' | 'warn' | 'error';

export interface AgentLog {
  (level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

export function jsonLineLog(out: { write(text: string): unknown }): AgentLog {
  return (level, event, fields = {}) => {
    out.write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`);
  };
}
