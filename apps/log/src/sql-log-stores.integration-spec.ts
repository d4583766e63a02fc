import { TestEnvironment } from '@bkci/testing';
import { logApp } from './log.app';
import { describeLogStoreContract, storesOf } from '../../../test/log-store-contract';

/** The SQL stores (the default) on the profile's database: SQLite embedded, MariaDB in services. */
describeLogStoreContract('SQL', async () => {
  const env = new TestEnvironment();
  const { app } = await env.start(logApp);
  return { stores: storesOf(app), close: () => env.close() };
});
