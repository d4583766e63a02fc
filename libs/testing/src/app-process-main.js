/**
 * The entry of an app process a test spawns (see app-process.ts): `node app-process-main.js
 * <main.ts>` runs an app's own main.ts from the TypeScript sources, so tests need no build. A
 * worker thread started from the sources runs its `.ts` entry the same way (`argv: [entry]`, see
 * apps/process/src/yaml-workers/worker-pool.ts).
 *
 * `.ts` files are compiled on load by @swc/core with the options Jest uses (jest.config.js), and
 * `@bkci/<lib>` imports resolve to `libs/<lib>/src` as tsconfig's paths say. Plain JavaScript,
 * because it must run before anything can compile TypeScript.
 */
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const root = join(__dirname, '..', '..', '..');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const library = /^@bkci\/([^/]+)$/.exec(request);
  return resolveFilename.call(this, library ? join(root, 'libs', library[1], 'src') : request, ...rest);
};

Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
  });
  module._compile(code, filename);
};

// A test process that dies without killing its apps must not leave them running: the IPC channel
// closes when the parent goes, whatever the way.
process.on('disconnect', () => process.exit(1));

require(process.argv[2]);
