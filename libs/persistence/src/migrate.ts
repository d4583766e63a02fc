import { DataSource } from 'typeorm';
import { DatabaseConfig } from '@bkci/config';
import { dataSourceOptions, SchemaDefinition } from './data-source-options';
import { ensureDatabaseExists } from './ensure-database';

/** Brings one app's database up to date; returns the names of the migrations it applied. */
export async function migrateDatabase(database: DatabaseConfig, schema: SchemaDefinition): Promise<string[]> {
  await ensureDatabaseExists(database);
  const dataSource = new DataSource(dataSourceOptions(database, schema));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
