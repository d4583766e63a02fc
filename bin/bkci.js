#!/usr/bin/env node
/**
 * The `bkci` command (package.json "bin"): runs the built CLI from dist/. It builds the project first
 * only when there is no build yet or a source file of the CLI or of a library is newer than it, so a
 * `bkci yaml check` costs a Node start, not a compile.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist/apps/cli/src/main.js');

function newestSource(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (item.name.endsWith('.ts') && !/\.(spec|integration-spec|services-spec)\.ts$/.test(item.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

function buildIsStale() {
  if (!existsSync(entry)) return true;
  const built = statSync(entry).mtimeMs;
  return [join(root, 'apps/cli/src'), join(root, 'libs')].some((dir) => newestSource(dir) > built);
}

if (buildIsStale()) {
  process.stderr.write('bkci: building the project first (sources changed since the last build)\n');
  const build = spawnSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) {
    process.stderr.write('bkci: the build failed; run `npm run build` to see why\n');
    process.exit(3);
  }
}

require(entry);
