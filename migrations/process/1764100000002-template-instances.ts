import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class TemplateInstances1764100000002 implements MigrationInterface {
  name = 'TemplateInstances1764100000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'template_instance_bases',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'template_id', type: 'varchar', length: '32' },
          { name: 'template_version', type: 'integer' },
          { name: 'type', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'total_item_num', type: 'integer' },
          { name: 'success_item_num', type: 'integer', default: 0 },
          { name: 'fail_item_num', type: 'integer', default: 0 },
          { name: 'use_template_settings', type: 'boolean', default: 0 },
          { name: 'creator', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime' },
          { name: 'updated_at', type: 'datetime' },
        ],
        indices: [new TableIndex({ name: 'idx_template_instance_bases_template', columnNames: ['project_id', 'template_id', 'status'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'template_instance_items',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'base_id', type: 'varchar', length: '32' },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'pipeline_id', type: 'varchar', length: '34' },
          { name: 'pipeline_name', type: 'varchar', length: '128' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'request', type: 'json' },
          { name: 'error_message', type: 'varchar', length: '1024', isNullable: true },
          { name: 'created_at', type: 'datetime' },
          { name: 'updated_at', type: 'datetime' },
        ],
        indices: [
          new TableIndex({ name: 'idx_template_instance_items_base', columnNames: ['base_id', 'status'] }),
          new TableIndex({ name: 'idx_template_instance_items_pipeline', columnNames: ['project_id', 'pipeline_id'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('template_instance_items');
    await queryRunner.dropTable('template_instance_bases');
  }
}
