import { MessagingTables1764000000000 } from '@bkci/messaging';
import { Logs1764300000001 } from './1764300000001-logs';
import { LogTaskLines1764300000002 } from './1764300000002-log-task-lines';
import { LogSearchIndex1764300000003 } from './1764300000003-log-search-index';
import { LogIndexName1764300000004 } from './1764300000004-log-index-name';

/** In the order they must run. */
export const LOG_MIGRATIONS = [MessagingTables1764000000000, Logs1764300000001, LogTaskLines1764300000002, LogSearchIndex1764300000003, LogIndexName1764300000004];
