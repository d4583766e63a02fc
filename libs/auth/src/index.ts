export * from './access.guard';
export * from './caller';
export * from './permission-checker';
export * from './permission.decorators';
export * from './rbac-vocabulary';
export * from './service-token';
export * from './service-token.middleware';
export * from './user-id';
