export * from './test-environment';
export * from './wait-for';
export * from './member-token';
export * from './app-process';
export * from './pipeline-model.fixtures';
export * from './certificate.fixtures';
export * from './thrown-error';
export * from './build-token';
