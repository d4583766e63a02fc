import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Ended executions of retried builds (BK-CI T_PIPELINE_BUILD_RECORD_*): the record of each execution stays readable. */
export class BuildRecords1764300000300 implements MigrationInterface {
  name = 'BuildRecords1764300000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_build_records',
        columns: [
          { name: 'build_id', type: 'varchar', length: '34', isPrimary: true },
          { name: 'execute_count', type: 'integer', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'pipeline_id', type: 'varchar', length: '34' },
          { name: 'status', type: 'varchar', length: '32' },
          { name: 'queue_time', type: 'datetime' },
          { name: 'start_time', type: 'datetime', isNullable: true },
          { name: 'end_time', type: 'datetime', isNullable: true },
          { name: 'error_type', type: 'varchar', length: '32', isNullable: true },
          { name: 'error_code', type: 'integer', isNullable: true },
          { name: 'error_msg', type: 'text', isNullable: true },
          { name: 'stages', type: 'json' },
          { name: 'containers', type: 'json' },
          { name: 'tasks', type: 'json' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('pipeline_build_records');
  }
}
