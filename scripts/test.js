#!/usr/bin/env node
/**
 * `npm test`: the unit suites, then the integration suites in the embedded profile and in the
 * services profile (real MariaDB, Redis, RabbitMQ on 127.0.0.1). Ends with one line
 * `N passed, N failed`; exits non-zero on any failure or when no test ran.
 * `npm test -- --profile embedded` runs only the unit and embedded runs.
 */
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const reports = join(root, 'reports');
mkdirSync(reports, { recursive: true });

const only = process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1] : null;
const runs = [
  { name: 'unit', project: 'unit', profile: 'embedded' },
  { name: 'integration-embedded', project: 'integration', profile: 'embedded' },
  { name: 'integration-services', project: 'integration', profile: 'services' },
].filter((run) => !only || run.project === 'unit' || run.profile === only);

let passed = 0;
let failed = 0;
let broken = false;
for (const run of runs) {
  const outputFile = join(reports, `jest-${run.name}.json`);
  console.log(`\n=== ${run.name} ===`);
  const result = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--selectProjects', run.project, '--runInBand', '--json', `--outputFile=${outputFile}`],
    { cwd: root, stdio: 'inherit', env: { ...process.env, TEST_PROFILE: run.profile } },
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

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || broken || passed === 0 ? 1 : 0);
