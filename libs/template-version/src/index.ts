export * from './template-version.enums';
export * from './version-counters';
export * from './version-manager';
