#!/usr/bin/env node
/**
 * Bundles the build agent (apps/agent/src/main.ts) into one file, dist/agent/bkci-agent.js, that
 * runs on any Node >= 20 with nothing installed beside it: Node's built-ins plus what is bundled in
 * (`@bkci/expressions` and its parser, jsep, for a step's `${{ }}`).
 * The install script downloads this file from the environment app. Runs after `nest build`
 * (which empties dist/ first); tests call bundleAgent() when they need the file.
 */
const { buildSync } = require('esbuild');
const { join } = require('node:path');

const root = join(__dirname, '..');
const AGENT_BUNDLE = join(root, 'dist', 'agent', 'bkci-agent.js');

function bundleAgent(outfile = AGENT_BUNDLE) {
  buildSync({
    entryPoints: [join(root, 'apps', 'agent', 'src', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Anything the agent imports beyond Node's built-ins would make the bundle need node_modules.
    packages: 'bundle',
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outfile;
}

if (require.main === module) {
  console.log(`agent bundle: ${bundleAgent()}`);
}

module.exports = { AGENT_BUNDLE, bundleAgent };
