export * from './create-app';
export * from './health.controller';
export * from './metrics';
export * from './platform.module';
export * from './remote-permission.checker';
export * from './run-apps';
export * from './app-definition';
export * from './request-limits';
