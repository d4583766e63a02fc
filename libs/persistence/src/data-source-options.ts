import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppConfig, DatabaseConfig } from '@bkci/config';
import { DataSourceOptions, MixedList } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface SchemaDefinition {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
}

/** One migrations table name everywhere, so `npm run migrate` and boot-time runs agree. */
export const MIGRATIONS_TABLE = 'schema_migrations';

export function dataSourceOptions(database: DatabaseConfig, schema: SchemaDefinition): DataSourceOptions {
  const common = {
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each' as const,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
  };
  if (database.kind === 'sqlite') {
    mkdirSync(dirname(database.file), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: database.file,
      // WAL lets readers run while a writer commits; the busy timeout covers two apps' short writes.
      // In WAL mode, synchronous NORMAL keeps every commit through an app crash (SIGKILL) and skips the
      // fsync per commit (about 4 ms each here, dozens per build); only a power loss may lose the last
      // commits, never corrupt the file.
      prepareDatabase: (db: { pragma(statement: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    ...common,
    // TypeORM reads column defaults differently on MariaDB; the URL scheme says which server it is.
    type: database.url.startsWith('mariadb:') ? 'mariadb' : 'mysql',
    url: `${database.url}/${database.database}`,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: false,
  };
}

export function describeDatabase(config: AppConfig): string {
  return config.database.kind === 'sqlite' ? config.database.file : `mysql database ${config.database.database}`;
}
