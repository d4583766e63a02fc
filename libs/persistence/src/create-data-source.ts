import { DataSource, DataSourceOptions, EntityManager } from 'typeorm';

/**
 * Opens a DataSource. On SQLite, TypeORM hands every caller the same connection, so two
 * transactions open at once would nest as savepoints and one's rollback could undo the other's
 * committed work. There, transactions run one at a time (SQLite has one writer anyway).
 * Do not start a transaction from inside another: on SQLite it would wait for itself.
 */
export async function createDataSource(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  if (options.type === 'better-sqlite3') serializeTransactions(dataSource.manager);
  return dataSource;
}

function serializeTransactions(manager: EntityManager): void {
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  manager.transaction = ((...args: unknown[]) => {
    const run = tail.then(() => transaction(...args));
    tail = run.catch(() => undefined);
    return run;
  }) as EntityManager['transaction'];
}
