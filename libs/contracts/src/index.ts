export * from './app-path';
export * from './events';
export * from './gateway-targets';
export * from './service-routes';
export * from './agent-routes';
export * from './worker-protocol';
