import { MessagingTables1764000000000 } from '@bkci/messaging';
import { Credentials1764200000001 } from './1764200000001-credentials';

/** In the order they must run. */
export const TICKET_MIGRATIONS = [MessagingTables1764000000000, Credentials1764200000001];
