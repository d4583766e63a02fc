/*
 * Runs a worker thread's TypeScript entry (workerData.entry) straight from the sources, as the
 * tests do: Jest compiles the main thread's code with @swc/jest, but a worker thread loads its
 * modules with Node's own require, which knows neither `.ts` nor the `@bkci/*` paths. Built code
 * (dist/, `npm start`) never comes here: its thread entry is a plain `.js` file.
 */
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { workerData } = require('node:worker_threads');
const { transformSync } = require('@swc/core');

const root = join(__dirname, '../../../..');
const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

// tsconfig.json's paths: @bkci/<name> is libs/<name>/src.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const lib = /^@bkci\/([^/]+)$/.exec(request);
  return resolveFilename.call(this, lib ? join(root, 'libs', lib[1], 'src') : request, ...rest);
};

Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swcOptions, filename });
  module._compile(code, filename);
};

require(workerData.entry);
