export * from './errors/domain-error';
export * from './errors/common-error-code';
export * from './http/envelope';
export * from './http/envelope.interceptor';
export * from './http/error-envelope.filter';
export * from './http/validation.pipe';
export * from './pagination/page';
export * from './ids';
