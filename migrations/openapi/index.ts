import { MessagingTables1764000000000 } from '@bkci/messaging';
import { PersonalAccessTokens1764000000001 } from './1764000000001-personal-access-tokens';
import { ThirdPartyApps1764000000040 } from './1764000000040-third-party-apps';
import { PersonalAccessTokenScopes1765100000000 } from './1765100000000-personal-access-token-scopes';
import { Oauth21765200000000 } from './1765200000000-oauth2';

/** In the order they must run. */
export const OPENAPI_MIGRATIONS = [MessagingTables1764000000000, PersonalAccessTokens1764000000001, ThirdPartyApps1764000000040, PersonalAccessTokenScopes1765100000000, Oauth21765200000000];
