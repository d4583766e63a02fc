import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

const who = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '64' });
const at = (name: string): TableColumnOptions => ({ name, type: 'datetime' });

export class Templates1764100000001 implements MigrationInterface {
  name = 'Templates1764100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_template_infos',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'name', type: 'varchar', length: '128' },
          { name: 'description', type: 'varchar', length: '1024', default: "''" },
          { name: 'mode', type: 'varchar', length: '16' },
          { name: 'type', type: 'varchar', length: '16' },
          { name: 'upgrade_strategy', type: 'varchar', length: '8' },
          { name: 'setting_sync_strategy', type: 'varchar', length: '8' },
          { name: 'publish_strategy', type: 'varchar', length: '8' },
          { name: 'category', type: 'json' },
          { name: 'logo_url', type: 'varchar', length: '512', default: "''" },
          { name: 'pac', type: 'boolean', default: 0 },
          { name: 'released_version', type: 'integer', isNullable: true },
          { name: 'released_version_name', type: 'varchar', length: '128', isNullable: true },
          { name: 'released_setting_version', type: 'integer', isNullable: true },
          { name: 'latest_version_status', type: 'varchar', length: '16' },
          { name: 'store_status', type: 'varchar', length: '32' },
          { name: 'src_template_id', type: 'varchar', length: '32', isNullable: true },
          { name: 'src_template_project_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'revision', type: 'integer', default: 0 },
          who('creator'),
          who('updater'),
          at('created_at'),
          at('updated_at'),
        ],
        indices: [new TableIndex({ name: 'uk_pipeline_template_infos_name', columnNames: ['project_id', 'name'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_template_resource_versions',
        columns: [
          { name: 'template_id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'version', type: 'integer', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'number', type: 'integer' },
          { name: 'setting_version', type: 'integer' },
          { name: 'type', type: 'varchar', length: '16' },
          { name: 'version_name', type: 'varchar', length: '128', isNullable: true },
          { name: 'version_num', type: 'integer', isNullable: true },
          { name: 'pipeline_version', type: 'integer', isNullable: true },
          { name: 'trigger_version', type: 'integer', isNullable: true },
          { name: 'setting_version_num', type: 'integer', isNullable: true },
          { name: 'base_version', type: 'integer', isNullable: true },
          { name: 'base_version_name', type: 'varchar', length: '128', isNullable: true },
          { name: 'params', type: 'json' },
          { name: 'model', type: 'json' },
          { name: 'yaml', type: 'json', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'branch_action', type: 'varchar', length: '16', isNullable: true },
          { name: 'description', type: 'varchar', length: '1024', isNullable: true },
          { name: 'sort_weight', type: 'integer', default: 0 },
          { name: 'release_time', type: 'datetime', isNullable: true },
          { name: 'draft_version', type: 'integer', default: 0 },
          who('creator'),
          who('updater'),
          at('created_at'),
          at('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uk_pipeline_template_resource_versions_number', columnNames: ['template_id', 'number'], isUnique: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_template_setting_versions',
        columns: [
          { name: 'template_id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'setting_version', type: 'integer', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'setting', type: 'json' },
          who('creator'),
          at('created_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_template_draft_versions',
        columns: [
          { name: 'template_id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'version', type: 'integer', isPrimary: true },
          { name: 'draft_version', type: 'integer', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'base_draft_version', type: 'integer', isNullable: true },
          { name: 'model', type: 'json' },
          { name: 'params', type: 'json' },
          { name: 'setting', type: 'json' },
          who('creator'),
          at('created_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_template_operation_logs',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'template_id', type: 'varchar', length: '32' },
          { name: 'version', type: 'integer', isNullable: true },
          { name: 'operation_type', type: 'varchar', length: '64' },
          { name: 'params', type: 'json' },
          who('operator'),
          at('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_pipeline_template_operation_logs_template', columnNames: ['project_id', 'template_id', 'created_at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_template_version_ids',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'template_id', type: 'varchar', length: '32' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'pipeline_template_version_ids',
      'pipeline_template_operation_logs',
      'pipeline_template_draft_versions',
      'pipeline_template_setting_versions',
      'pipeline_template_resource_versions',
      'pipeline_template_infos',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
