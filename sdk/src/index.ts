export { AppCredentials, BkciApiError, BkciClientOptions } from './runtime';
export { BkciClient } from './generated/client';
export * from './generated/types';
