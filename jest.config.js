/**
 * Two projects: `unit` (no I/O) and `integration` (real databases, Redis, RabbitMQ in the
 * services profile; SQLite and in-process adapters in the embedded one). TEST_PROFILE picks the
 * profile; files ending in `.services-spec.ts` exercise a services-only adapter (Redis, RabbitMQ)
 * and run in that profile only. A third, `conformance`, exists when BKCI_YAML_FIXTURES names
 * the folder of BK-CI's YAML golden files (which stay outside the repository): files ending in
 * `.conformance-spec.ts` run them. A fourth, `elasticsearch`, exists when ES_URL names an
 * Elasticsearch cluster: files ending in `.es-spec.ts` run the log storage contract against it.
 */
const profile = process.env.TEST_PROFILE === 'services' ? 'services' : 'embedded';
const goldenFiles = (process.env.BKCI_YAML_FIXTURES ?? '').trim() !== '';
const elasticsearch = (process.env.ES_URL ?? '').trim() !== '';

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
      },
    ],
  },
  moduleNameMapper: { '^@bkci/([^/]+)$': '<rootDir>/libs/$1/src' },
};

module.exports = {
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/{apps,libs,migrations}/**/*.integration-spec.ts',
        '<rootDir>/test/**/*.e2e-spec.ts',
        ...(profile === 'services' ? ['<rootDir>/{apps,libs}/**/*.services-spec.ts'] : []),
      ],
    },
    ...(goldenFiles ? [{ ...shared, displayName: 'conformance', testMatch: ['<rootDir>/{apps,libs}/**/*.conformance-spec.ts'] }] : []),
    ...(elasticsearch ? [{ ...shared, displayName: 'elasticsearch', testMatch: ['<rootDir>/{apps,libs}/**/*.es-spec.ts'] }] : []),
  ],
};
