import { TestEnvironment } from '@bkci/testing';
import { DataSource, Table } from 'typeorm';
import { createDataSource } from './create-data-source';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabaseExists } from './ensure-database';

describe('transactions running at the same time', () => {
  const env = new TestEnvironment();
  let dataSource: DataSource;

  beforeAll(async () => {
    const config = env.config('log');
    await ensureDatabaseExists(config.database);
    dataSource = await createDataSource(dataSourceOptions(config.database, { entities: [], migrations: [] }));
    await dataSource.createQueryRunner().createTable(
      new Table({ name: 'tx_probe', columns: [{ name: 'name', type: 'varchar', length: '16', isPrimary: true }] }),
    );
  });

  afterAll(async () => {
    await dataSource.destroy();
    await env.close();
  });

  it('keep one transaction\'s commit when another, open at the same time, rolls back', async () => {
    const failing = dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO tx_probe (name) VALUES ('doomed')`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      throw new Error('rolled back on purpose');
    });
    const succeeding = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await dataSource.transaction(async (manager) => {
        await manager.query(`INSERT INTO tx_probe (name) VALUES ('kept')`);
      });
    })();
    await expect(failing).rejects.toThrow('rolled back on purpose');
    await succeeding;
    const rows = (await dataSource.query('SELECT name FROM tx_probe')) as Array<{ name: string }>;
    expect(rows.map((row) => row.name)).toEqual(['kept']);
  });
});
