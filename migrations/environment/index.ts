import { MessagingTables1764000000000 } from '@bkci/messaging';
import { Environments1764400000001 } from './1764400000001-environments';
import { ThirdPartyAgents1764400000002 } from './1764400000002-third-party-agents';

/** In the order they must run. */
export const ENVIRONMENT_MIGRATIONS = [MessagingTables1764000000000, Environments1764400000001, ThirdPartyAgents1764400000002];
