import type { OutboxTransaction } from '@bkci/messaging';

/** The transaction handle services pass on to repositories (the outbox's), without naming TypeORM. */
export type EntityManagerLike = OutboxTransaction['manager'];
