import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** OAuth2: the clients' settings (the clients are the third-party apps), authorization codes, tokens. */
export class Oauth21765200000000 implements MigrationInterface {
  name = 'Oauth21765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'oauth2_client_settings',
        columns: [
          { name: 'app_code', type: 'varchar', length: '32', isPrimary: true },
          { name: 'redirect_uris', type: 'text' },
          { name: 'grant_types', type: 'varchar', length: '128' },
          { name: 'scopes', type: 'varchar', length: '1024' },
          { name: 'creator', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime' },
          { name: 'updater', type: 'varchar', length: '64' },
          { name: 'updated_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'oauth2_codes',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'code_hash', type: 'varchar', length: '64' },
          { name: 'app_code', type: 'varchar', length: '32' },
          { name: 'user_id', type: 'varchar', length: '64' },
          { name: 'redirect_uri', type: 'varchar', length: '2048' },
          { name: 'scopes', type: 'varchar', length: '1024', isNullable: true },
          { name: 'code_challenge', type: 'varchar', length: '128', isNullable: true },
          { name: 'code_challenge_method', type: 'varchar', length: '8', isNullable: true },
          { name: 'created_at', type: 'datetime' },
          { name: 'expires_at', type: 'datetime' },
          { name: 'used_at', type: 'datetime', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('oauth2_codes', new TableIndex({ name: 'uq_oauth2_codes_hash', columnNames: ['code_hash'], isUnique: true }));
    await queryRunner.createTable(
      new Table({
        name: 'oauth2_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '8' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'app_code', type: 'varchar', length: '32' },
          { name: 'user_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'grant_type', type: 'varchar', length: '32' },
          { name: 'scopes', type: 'varchar', length: '1024', isNullable: true },
          { name: 'family_id', type: 'varchar', length: '32', isNullable: true },
          { name: 'created_at', type: 'datetime' },
          { name: 'expires_at', type: 'datetime' },
          { name: 'used_at', type: 'datetime', isNullable: true },
          { name: 'revoked_at', type: 'datetime', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('oauth2_tokens', new TableIndex({ name: 'uq_oauth2_tokens_hash', columnNames: ['token_hash'], isUnique: true }));
    await queryRunner.createIndex('oauth2_tokens', new TableIndex({ name: 'idx_oauth2_tokens_family', columnNames: ['family_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('oauth2_tokens');
    await queryRunner.dropTable('oauth2_codes');
    await queryRunner.dropTable('oauth2_client_settings');
  }
}
