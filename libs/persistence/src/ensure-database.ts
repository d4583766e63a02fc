import { DatabaseConfig } from '@bkci/config';
import { createConnection } from 'mysql2/promise';

/** MySQL needs the app's database to exist before TypeORM connects; SQLite creates its file. */
export async function ensureDatabaseExists(database: DatabaseConfig): Promise<void> {
  if (database.kind !== 'mysql') return;
  const connection = await createConnection({ uri: database.url });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${database.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}

export async function dropDatabase(database: DatabaseConfig): Promise<void> {
  if (database.kind !== 'mysql') return;
  const connection = await createConnection({ uri: database.url });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${database.database}\``);
  } finally {
    await connection.end();
  }
}
