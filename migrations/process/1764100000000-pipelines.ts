import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class Pipelines1764100000000 implements MigrationInterface {
  name = 'Pipelines1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'pipelines',
        columns: [
          { name: 'pipeline_id', type: 'varchar', length: '34', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'pipeline_name', type: 'varchar', length: '255' },
          { name: 'active_name', type: 'varchar', length: '255', isNullable: true },
          { name: 'desc', type: 'varchar', length: '255', default: "''" },
          { name: 'latest_version', type: 'integer' },
          { name: 'latest_version_name', type: 'varchar', length: '64' },
          { name: 'instance_from_template', type: 'boolean', default: 0 },
          { name: 'creator', type: 'varchar', length: '64' },
          { name: 'updater', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime' },
          { name: 'updated_at', type: 'datetime' },
          { name: 'deleted', type: 'boolean', default: 0 },
          { name: 'revision', type: 'integer', default: 1 },
        ],
      }),
    );
    await queryRunner.createIndex(
      'pipelines',
      new TableIndex({ name: 'uk_pipelines_active_name', columnNames: ['project_id', 'active_name'], isUnique: true }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_resource_versions',
        columns: [
          { name: 'pipeline_id', type: 'varchar', length: '34', isPrimary: true },
          { name: 'version', type: 'integer', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'model', type: 'json' },
          { name: 'setting', type: 'json' },
          { name: 'yaml', type: 'text', isNullable: true },
          { name: 'version_name', type: 'varchar', length: '64' },
          { name: 'status', type: 'varchar', length: '32' },
          { name: 'base_version', type: 'integer', isNullable: true },
          { name: 'version_action', type: 'varchar', length: '32' },
          { name: 'creator', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'template_pipelines',
        columns: [
          { name: 'pipeline_id', type: 'varchar', length: '34', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'template_id', type: 'varchar', length: '64' },
          { name: 'template_version', type: 'bigint' },
          { name: 'template_version_name', type: 'varchar', length: '64' },
          { name: 'instance_type', type: 'varchar', length: '32', default: "'CONSTRAINT'" },
          { name: 'root_template_id', type: 'varchar', length: '64', default: "''" },
          { name: 'build_no', type: 'json', isNullable: true },
          { name: 'params', type: 'json' },
          { name: 'status', type: 'varchar', length: '32', default: "'UPDATED'" },
          { name: 'instance_error_info', type: 'text', isNullable: true },
          { name: 'deleted', type: 'boolean', default: 0 },
          { name: 'creator', type: 'varchar', length: '64' },
          { name: 'updater', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime' },
          { name: 'updated_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'template_pipelines',
      new TableIndex({ name: 'idx_template_pipelines_template', columnNames: ['project_id', 'template_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('template_pipelines');
    await queryRunner.dropTable('pipeline_resource_versions');
    await queryRunner.dropTable('pipelines');
  }
}
