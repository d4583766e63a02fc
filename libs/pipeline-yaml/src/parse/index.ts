export * from './parse-yaml-document';
export * from './token-limits';
export { MAX_ALIAS_EXPANSION } from './aliases';
export * from './yaml-version';
export * from './validate-v3-schema';
export { describePath } from './schema-issues';
export { V3_CI_SCHEMA } from './v3-schema/ci.schema';
