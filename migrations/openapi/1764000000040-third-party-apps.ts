import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class ThirdPartyApps1764000000040 implements MigrationInterface {
  name = 'ThirdPartyApps1764000000040';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'third_party_apps',
        columns: [
          { name: 'app_code', type: 'varchar', length: '32', isPrimary: true },
          { name: 'name', type: 'varchar', length: '64' },
          { name: 'description', type: 'varchar', length: '512' },
          { name: 'active_secrets', type: 'integer' },
          { name: 'creator', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'third_party_app_secrets',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'app_code', type: 'varchar', length: '32' },
          { name: 'secret_hash', type: 'varchar', length: '64' },
          { name: 'secret_prefix', type: 'varchar', length: '16' },
          { name: 'creator', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime' },
          { name: 'last_used_at', type: 'datetime', isNullable: true },
          { name: 'revoked_at', type: 'datetime', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('third_party_app_secrets', new TableIndex({ name: 'idx_third_party_app_secrets_app', columnNames: ['app_code'] }));
    await queryRunner.createIndex('third_party_app_secrets', new TableIndex({ name: 'uq_third_party_app_secrets_hash', columnNames: ['secret_hash'], isUnique: true }));
    await queryRunner.createTable(
      new Table({
        name: 'app_code_projects',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'app_code', type: 'varchar', length: '32' },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'creator', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createIndex('app_code_projects', new TableIndex({ name: 'uq_app_code_projects_app_project', columnNames: ['app_code', 'project_id'], isUnique: true }));
    await queryRunner.createIndex('app_code_projects', new TableIndex({ name: 'idx_app_code_projects_project', columnNames: ['project_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('app_code_projects');
    await queryRunner.dropTable('third_party_app_secrets');
    await queryRunner.dropTable('third_party_apps');
  }
}
