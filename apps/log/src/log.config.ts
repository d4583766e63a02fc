import { ConfigSection } from '@bkci/config';

/** The log app's own settings (see ConfigSection); inject with `@Inject(LOG_CONFIG.token)`. */
export interface LogConfig {
  /** A message longer than this many UTF-8 bytes is stored as several lines (BK-CI's agent splits at 16 KB). */
  maxLineBytes: number;
  /** Lines one task (tag) of one run may store; past it one WARN line is stored and the rest refused. */
  maxLinesPerTask: number;
  /** Lines waiting to be stored across all writers; past it writes are answered 429 with Retry-After. */
  maxPendingLines: number;
  /** Builds whose log is older than this many days are cleaned by the daily job. */
  retentionDays: number;
}

export const LOG_CONFIG = new ConfigSection<LogConfig>('log', (reader) => ({
  maxLineBytes: reader.integer('BKCI_LOG_MAX_LINE_BYTES', 16 * 1024, 256),
  maxLinesPerTask: reader.integer('BKCI_LOG_MAX_LINES_PER_TASK', 100_000, 1),
  maxPendingLines: reader.integer('BKCI_LOG_MAX_PENDING_LINES', 200_000, 1000),
  retentionDays: reader.integer('BKCI_LOG_RETENTION_DAYS', 30, 1),
}));
