export * from './process-auth.client';
export * from './service-client';
