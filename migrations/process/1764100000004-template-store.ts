import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class TemplateStore1764100000004 implements MigrationInterface {
  name = 'TemplateStore1764100000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_template_store_versions',
        columns: [
          { name: 'template_id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'version', type: 'integer', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'version_name', type: 'varchar', length: '128' },
          { name: 'publisher', type: 'varchar', length: '64' },
          { name: 'published_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_template_store_installs',
        columns: [
          { name: 'project_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'template_id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'src_version', type: 'integer', isPrimary: true },
          { name: 'src_template_id', type: 'varchar', length: '32' },
          { name: 'installed_version', type: 'integer' },
          { name: 'installer', type: 'varchar', length: '64' },
          { name: 'installed_at', type: 'datetime' },
        ],
        indices: [new TableIndex({ name: 'idx_pipeline_template_store_installs_src', columnNames: ['src_template_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('pipeline_template_store_installs');
    await queryRunner.dropTable('pipeline_template_store_versions');
  }
}
