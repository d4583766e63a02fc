export * from './app-names';
export * from './app-config';
export * from './env-reader';
export * from './config-section';
export * from './load-config';
