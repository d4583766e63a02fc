import { ConfigSection, EnvReader } from '@bkci/config';

/** Where the lines of build logs are kept; build rows, batches, counters and statuses are always in SQL. */
const LOG_STORES = ['sql', 'elasticsearch'] as const;
type LogStoreKind = (typeof LOG_STORES)[number];

/** The Elasticsearch cluster the lines go to when BKCI_LOG_STORE=elasticsearch. */
export interface LogElasticsearchConfig {
  /** The cluster's base URL, e.g. http://es:9200 (no trailing slash). */
  url: string;
  /** Basic authentication, when the cluster has security on. */
  username: string | null;
  password: string | null;
  /** Daily indices are named `<indexPrefix>yyyy-MM-dd` (BK-CI's `log-`). */
  indexPrefix: string;
  shards: number;
  replicas: number;
}

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
  /** BKCI_LOG_STORE: `sql` (the default: SQLite embedded, MariaDB in services) or `elasticsearch`. */
  store: LogStoreKind;
  /** Set when `store` is `elasticsearch`, null otherwise. */
  elasticsearch: LogElasticsearchConfig | null;
}

const ES_VARIABLES = ['BKCI_ES_URL', 'BKCI_ES_USERNAME', 'BKCI_ES_PASSWORD', 'BKCI_ES_INDEX_PREFIX', 'BKCI_ES_SHARDS', 'BKCI_ES_REPLICAS'];

export const LOG_CONFIG = new ConfigSection<LogConfig>('log', (reader) => {
  const store = reader.oneOf('BKCI_LOG_STORE', [...LOG_STORES], 'sql') as LogStoreKind;
  return {
    maxLineBytes: reader.integer('BKCI_LOG_MAX_LINE_BYTES', 16 * 1024, 256),
    maxLinesPerTask: reader.integer('BKCI_LOG_MAX_LINES_PER_TASK', 100_000, 1),
    maxPendingLines: reader.integer('BKCI_LOG_MAX_PENDING_LINES', 200_000, 1000),
    retentionDays: reader.integer('BKCI_LOG_RETENTION_DAYS', 30, 1),
    store,
    elasticsearch: store === 'elasticsearch' ? elasticsearch(reader) : ignoredElasticsearch(reader),
  };
});

/** The cluster's settings without BKCI_LOG_STORE=elasticsearch: a forgotten switch, said rather than ignored. */
function ignoredElasticsearch(reader: EnvReader): null {
  const set = ES_VARIABLES.filter((name) => reader.raw(name) !== undefined);
  if (set.length > 0) reader.problem(`${set.join(', ')} set but BKCI_LOG_STORE is sql: set BKCI_LOG_STORE=elasticsearch to keep the lines in Elasticsearch, or unset ${set.length > 1 ? 'them' : 'it'}`);
  return null;
}

function elasticsearch(reader: EnvReader): LogElasticsearchConfig {
  if (reader.raw('BKCI_ES_URL') === undefined) reader.problem('BKCI_ES_URL is required with BKCI_LOG_STORE=elasticsearch (the cluster, e.g. http://es:9200)');
  const username = reader.raw('BKCI_ES_USERNAME') ?? null;
  const password = reader.raw('BKCI_ES_PASSWORD') ?? null;
  if ((username === null) !== (password === null)) reader.problem('BKCI_ES_USERNAME and BKCI_ES_PASSWORD go together: set both or neither');
  const indexPrefix = reader.text('BKCI_ES_INDEX_PREFIX', 'log-');
  // Index names are lowercase and may not hold these (Elasticsearch's rules).
  if (!/^[a-z0-9][a-z0-9._-]{0,200}$/.test(indexPrefix)) reader.problem(`BKCI_ES_INDEX_PREFIX may hold only lowercase letters, digits, '.', '_', '-' and must start with a letter or digit (got "${indexPrefix}")`);
  return {
    url: reader.raw('BKCI_ES_URL') === undefined ? '' : reader.url('BKCI_ES_URL', '', ['http:', 'https:']),
    username,
    password,
    indexPrefix,
    shards: reader.integer('BKCI_ES_SHARDS', 1, 1),
    replicas: reader.integer('BKCI_ES_REPLICAS', 1, 0),
  };
}
