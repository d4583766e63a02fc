import { isAppName, loadConfig } from '@bkci/config';
import { migrateDatabase } from '@bkci/persistence';
import { ALL_APPS } from './all-apps';

/**
 * `npm run migrate [app…]`: brings each app's database up to date (all apps when none named).
 * The services profile runs this before starting apps; the embedded profile migrates at boot.
 */
async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !isAppName(name));
  if (unknown.length > 0) throw new Error(`Unknown app(s): ${unknown.join(', ')}`);
  const selected = names.length > 0 ? ALL_APPS.filter((app) => names.includes(app.name)) : ALL_APPS;
  for (const definition of selected) {
    const config = loadConfig(definition.name);
    const applied = await migrateDatabase(config.database, definition.schema);
    console.log(`${definition.name}: ${applied.length > 0 ? `applied ${applied.join(', ')}` : 'up to date'}`);
  }
}

main().catch((error: unknown) => {
  console.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
