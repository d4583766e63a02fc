import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** How many lines each task (tag) of each run stored, for the lines-per-task limit. */
export class LogTaskLines1764300000002 implements MigrationInterface {
  name = 'LogTaskLines1764300000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'log_task_lines',
        columns: [
          { name: 'build_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'tag', type: 'varchar', length: '128', isPrimary: true },
          { name: 'execute_count', type: 'integer', isPrimary: true },
          { name: 'line_count', type: 'integer' },
          { name: 'limit_batch_key', type: 'varchar', length: '64', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('log_task_lines');
  }
}
