import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class TemplatePacFiles1764100000003 implements MigrationInterface {
  name = 'TemplatePacFiles1764100000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_template_pac_files',
        columns: [
          { name: 'project_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'file_path', type: 'varchar', length: '512', isPrimary: true },
          { name: 'template_id', type: 'varchar', length: '32' },
          { name: 'created_at', type: 'datetime' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('pipeline_template_pac_files');
  }
}
