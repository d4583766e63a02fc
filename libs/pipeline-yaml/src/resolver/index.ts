export * from './template-resolver';
export * from './file-system-template-resolver';
export * from './in-memory-template-resolver';
export { templateKey, type TemplateKey } from './template-path';
