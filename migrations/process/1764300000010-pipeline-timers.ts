import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Pipeline timers (BK-CI T_PIPELINE_TIMER), and the index the concurrency groups are looked up by
 * (BK-CI's CONCURRENCY_GROUP of T_PIPELINE_BUILD_HISTORY).
 */
export class PipelineTimers1764300000010 implements MigrationInterface {
  name = 'PipelineTimers1764300000010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_timers',
        columns: [
          { name: 'pipeline_id', type: 'varchar', length: '34', isPrimary: true },
          { name: 'task_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'start_user', type: 'varchar', length: '64' },
          { name: 'crontab_expressions', type: 'json' },
          { name: 'start_params', type: 'json' },
          { name: 'next_fire_time', type: 'datetime', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'idx_pipeline_timers_next_fire', columnNames: ['next_fire_time'] })],
      }),
    );
    await queryRunner.createIndex('pipeline_build_histories', new TableIndex({ name: 'idx_pipeline_build_histories_group', columnNames: ['project_id', 'concurrency_group', 'status'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('pipeline_build_histories', 'idx_pipeline_build_histories_group');
    await queryRunner.dropTable('pipeline_timers');
  }
}
