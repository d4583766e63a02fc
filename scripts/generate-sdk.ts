import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { TestEnvironment } from '@bkci/testing';
import { ALL_APPS } from '../apps/standalone/src/all-apps';
import { generateSdkSource, SDK_GENERATED_DIR } from './sdk-source';

/**
 * `npm run sdk:generate`: boots the product in this process (embedded profile, a scratch data
 * folder), reads the gateway's API document and rewrites the SDK's generated files from it.
 */
async function main(): Promise<void> {
  const env = new TestEnvironment({ BKCI_PROFILE: 'embedded', BKCI_LOG_LEVEL: 'warn' });
  let document: OpenAPIObject;
  try {
    let gateway = '';
    for (const definition of ALL_APPS) gateway = (await env.start(definition)).url;
    const response = await fetch(`${gateway}/docs/openapi.json`);
    if (!response.ok) throw new Error(`GET /docs/openapi.json answered ${response.status}: ${await response.text()}`);
    document = (await response.json()) as OpenAPIObject;
  } finally {
    await env.close();
  }
  const files = generateSdkSource(document);
  const dir = join(__dirname, '..', '..', SDK_GENERATED_DIR);
  mkdirSync(dir, { recursive: true });
  for (const stale of readdirSync(dir).filter((name) => !(name in files))) rmSync(join(dir, stale));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  console.log(`${SDK_GENERATED_DIR}: ${Object.keys(files).join(', ')} (${Object.keys(document.paths).length} paths)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
