import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class Credentials1764200000001 implements MigrationInterface {
  name = 'Credentials1764200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'credentials',
        columns: [
          { name: 'project_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'credential_id', type: 'varchar', length: '40', isPrimary: true },
          { name: 'credential_name', type: 'varchar', length: '64' },
          { name: 'credential_type', type: 'varchar', length: '64' },
          { name: 'remark', type: 'varchar', length: '1024' },
          { name: 'allow_across_project', type: 'boolean' },
          { name: 'filled_slots', type: 'json' },
          { name: 'key_id', type: 'varchar', length: '32' },
          { name: 'wrapped_key', type: 'text' },
          { name: 'ciphertext', type: 'text' },
          { name: 'revision', type: 'integer' },
          { name: 'creator', type: 'varchar', length: '64' },
          { name: 'updater', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime' },
          { name: 'updated_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'credential_audits',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'credential_id', type: 'varchar', length: '40' },
          { name: 'reader_type', type: 'varchar', length: '8' },
          { name: 'user_id', type: 'varchar', length: '64' },
          { name: 'build_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'build_project_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'service_name', type: 'varchar', length: '32', isNullable: true },
          { name: 'request_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'client_ip', type: 'varchar', length: '64', isNullable: true },
          { name: 'created_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createIndex('credential_audits', new TableIndex({ name: 'idx_credential_audits_credential', columnNames: ['project_id', 'credential_id', 'created_at'] }));
    await queryRunner.createIndex('credential_audits', new TableIndex({ name: 'idx_credential_audits_build', columnNames: ['build_id'] }));
    await queryRunner.createTable(
      new Table({
        name: 'build_tokens',
        columns: [
          { name: 'token_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'build_id', type: 'varchar', length: '64' },
          { name: 'user_id', type: 'varchar', length: '64' },
          { name: 'expires_at', type: 'datetime' },
          { name: 'revoked_at', type: 'datetime', isNullable: true },
          { name: 'created_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createIndex('build_tokens', new TableIndex({ name: 'idx_build_tokens_build', columnNames: ['project_id', 'build_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('build_tokens');
    await queryRunner.dropTable('credential_audits');
    await queryRunner.dropTable('credentials');
  }
}
