export * from './app-names';
export * from './app-config';
export * from './load-config';
