import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class Certificates1764200000002 implements MigrationInterface {
  name = 'Certificates1764200000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'certificates',
        columns: [
          { name: 'project_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'cert_id', type: 'varchar', length: '40', isPrimary: true },
          { name: 'cert_type', type: 'varchar', length: '16' },
          { name: 'remark', type: 'varchar', length: '1024' },
          { name: 'credential_id', type: 'varchar', length: '40', isNullable: true },
          { name: 'alias', type: 'varchar', length: '128', isNullable: true },
          { name: 'alias_credential_id', type: 'varchar', length: '40', isNullable: true },
          { name: 'subject', type: 'varchar', length: '512' },
          { name: 'developer_name', type: 'varchar', length: '256', isNullable: true },
          { name: 'team_name', type: 'varchar', length: '256', isNullable: true },
          { name: 'uuid', type: 'varchar', length: '64', isNullable: true },
          { name: 'expires_at', type: 'datetime' },
          { name: 'file_names', type: 'json' },
          { name: 'key_id', type: 'varchar', length: '32' },
          { name: 'wrapped_key', type: 'text' },
          { name: 'ciphertext', type: 'json' },
          { name: 'revision', type: 'integer' },
          { name: 'creator', type: 'varchar', length: '64' },
          { name: 'updater', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime' },
          { name: 'updated_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createIndex('certificates', new TableIndex({ name: 'idx_certificates_expiry', columnNames: ['project_id', 'expires_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('certificates');
  }
}
