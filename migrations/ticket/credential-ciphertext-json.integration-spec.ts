import { dataSourceOptions, ensureDatabaseExists } from '@bkci/persistence';
import { withMessagingTables } from '@bkci/platform';
import { TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { CredentialEntity } from '../../apps/ticket/src/credentials/entities/credential.entity';
import { ticketApp } from '../../apps/ticket/src/ticket.app';
import { CredentialCiphertextJson1764200000003 } from './1764200000003-credential-ciphertext-json';
import { TICKET_MIGRATIONS } from './index';

/** This migration and the ones after it, which must be undone to stand before it. */
const FROM_THIS_ONE = TICKET_MIGRATIONS.slice(TICKET_MIGRATIONS.indexOf(CredentialCiphertextJson1764200000003)).map((Migration) => new Migration().name);

/** A credential written before the ciphertext column became json keeps its value through up and down. */
describe('CredentialCiphertextJson1764200000003', () => {
  const env = new TestEnvironment();
  let dataSource: DataSource;
  const ciphertext = 'AAECAwQFBgcICQoLDA0ODw+/base64==';

  beforeAll(async () => {
    const config = env.config(ticketApp.name);
    await ensureDatabaseExists(config.database);
    dataSource = await new DataSource(dataSourceOptions(config.database, withMessagingTables(ticketApp.schema))).initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await env.close();
  });

  it('quotes the stored ciphertext on the way up and unquotes it on the way down', async () => {
    await dataSource.runMigrations();
    for (const _ of FROM_THIS_ONE) await dataSource.undoLastMigration();
    await dataSource.query(
      'INSERT INTO credentials (project_id, credential_id, credential_name, credential_type, remark, allow_across_project, filled_slots, key_id, wrapped_key, ciphertext, revision, creator, updater, created_at, updated_at) ' +
        "VALUES ('p1', 'c1', 'c1', 'PASSWORD', '', 0, '[\"v1\"]', 'k1', 'wrapped', ?, 1, 'u', 'u', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
      [ciphertext],
    );

    const applied = await dataSource.runMigrations();
    expect(applied.map((migration) => migration.name)).toEqual(FROM_THIS_ONE);
    const rows = await dataSource.getRepository(CredentialEntity).find();
    expect(rows).toHaveLength(1);
    expect(rows[0].ciphertext).toBe(ciphertext);

    for (const _ of FROM_THIS_ONE) await dataSource.undoLastMigration();
    const raw: { ciphertext: string }[] = await dataSource.query('SELECT ciphertext FROM credentials');
    expect(raw).toHaveLength(1);
    expect(raw[0].ciphertext).toBe(ciphertext);
  });
});
