#!/usr/bin/env node
/**
 * `npm test`: the unit suites, then the integration suites in the embedded profile and in the
 * services profile (real MariaDB, Redis, RabbitMQ on 127.0.0.1). Ends with one line
 * `N passed, N failed`; exits non-zero on any failure or when no test ran.
 * `npm test -- --profile embedded` runs only the unit and embedded runs.
 * With BKCI_YAML_FIXTURES naming the folder of BK-CI's YAML golden files, the conformance suites
 * run too and count in the total; without it, one line says they did not run. Likewise with ES_URL
 * naming an Elasticsearch cluster (optional ES_USERNAME, ES_PASSWORD): the log storage contract
 * runs against it (embedded profile for the SQL side).
 */
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = join(__dirname, '..');
const reports = join(root, 'reports');
mkdirSync(reports, { recursive: true });

const only = process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1] : null;
const golden = (process.env.BKCI_YAML_FIXTURES ?? '').trim();
const elasticsearch = (process.env.ES_URL ?? '').trim();
const runs = [
  { name: 'unit', project: 'unit', profile: 'embedded' },
  ...(golden ? [{ name: 'conformance', project: 'conformance', profile: 'embedded' }] : []),
  ...(elasticsearch ? [{ name: 'elasticsearch', project: 'elasticsearch', profile: 'embedded' }] : []),
  { name: 'integration-embedded', project: 'integration', profile: 'embedded' },
  { name: 'integration-services', project: 'integration', profile: 'services' },
].filter((run) => !only || run.project !== 'integration' || run.profile === only);

let passed = 0;
let failed = 0;
let broken = false;
if (golden && !existsSync(resolve(root, golden))) {
  console.error(`BKCI_YAML_FIXTURES=${golden}: no such folder (${resolve(root, golden)})`);
  broken = true;
}
for (const run of runs) {
  const outputFile = join(reports, `jest-${run.name}.json`);
  console.log(`\n=== ${run.name} ===`);
  const result = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--selectProjects', run.project, '--runInBand', '--json', `--outputFile=${outputFile}`],
    // The golden folder is taken relative to the repository root, where jest runs.
    { cwd: root, stdio: 'inherit', env: { ...process.env, TEST_PROFILE: run.profile, ...(golden && { BKCI_YAML_FIXTURES: resolve(root, golden) }) } },
  );
  let report;
  try {
    report = JSON.parse(readFileSync(outputFile, 'utf8'));
  } catch {
    console.error(`${run.name}: Jest wrote no report (exit ${result.status})`);
    broken = true;
    continue;
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that fails to load counts no failed test but must still fail the run.
  if (report.numFailedTestSuites > 0 || result.status !== 0) broken = true;
}

if (!golden) {
  console.log('BK-CI golden suite not run: BKCI_YAML_FIXTURES is not set (run it with BKCI_YAML_FIXTURES=/path/to/bkci-yaml npm test)');
}
if (!elasticsearch) {
  console.log('Elasticsearch log store suite not run: ES_URL is not set (run it with ES_URL=http://localhost:9200 npm test)');
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || broken || passed === 0 ? 1 : 0);
