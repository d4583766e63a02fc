export * from './envelope-cipher';
export * from './keyring-config';
export * from './master-keyring';
