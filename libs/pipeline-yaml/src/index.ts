export * from './yaml-error';
export * from './template-limits';
export * from './resolver';
export * from './parse';
export * from './v2';
export * from './transfer';
