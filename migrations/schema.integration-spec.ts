import { dataSourceOptions, ensureDatabaseExists } from '@bkci/persistence';
import { withMessagingTables } from '@bkci/platform';
import { TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { ALL_APPS } from '../apps/standalone/src/all-apps';

/** The migrations own the schema; this proves the entities describe exactly what they build. */
describe.each(ALL_APPS.map((app) => [app.name, app] as const))('%s schema', (_name, definition) => {
  const env = new TestEnvironment();
  let dataSource: DataSource;

  beforeAll(async () => {
    const config = env.config(definition.name);
    await ensureDatabaseExists(config.database);
    dataSource = await new DataSource(dataSourceOptions(config.database, withMessagingTables(definition.schema))).initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await env.close();
  });

  it('has no pending schema change once every migration has run', async () => {
    const applied = await dataSource.runMigrations();
    expect(applied.length).toBe((definition.schema.migrations as unknown[]).length);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('reverts every migration, dropping every table the entities use', async () => {
    for (let i = 0; i < (definition.schema.migrations as unknown[]).length; i++) await dataSource.undoLastMigration();
    const queryRunner = dataSource.createQueryRunner();
    const left = [];
    for (const { tableName } of dataSource.entityMetadatas) if (await queryRunner.hasTable(tableName)) left.push(tableName);
    await queryRunner.release();
    expect(left).toEqual([]);
  });
});
