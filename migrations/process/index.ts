import { MessagingTables1764000000000 } from '@bkci/messaging';
import { Projects1764000000001 } from './1764000000001-projects';
import { Pipelines1764100000000 } from './1764100000000-pipelines';

/** In the order they must run. */
export const PROCESS_MIGRATIONS = [MessagingTables1764000000000, Projects1764000000001, Pipelines1764100000000];
