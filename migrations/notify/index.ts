import { MessagingTables1764000000000 } from '@bkci/messaging';

/** In the order they must run. The notify app has only the shared outbox and dedup tables so far. */
export const NOTIFY_MIGRATIONS = [MessagingTables1764000000000];
