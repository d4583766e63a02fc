import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Job mutex groups (BK-CI keeps them in Redis): who holds each mutex, and who waits for it in what order. */
export class JobMutexes1764300000400 implements MigrationInterface {
  name = 'JobMutexes1764300000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_job_mutex_holders',
        columns: [
          { name: 'project_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'mutex_name', type: 'varchar', length: '255', isPrimary: true },
          { name: 'build_id', type: 'varchar', length: '34' },
          { name: 'container_id', type: 'varchar', length: '64' },
          { name: 'pipeline_id', type: 'varchar', length: '34' },
          { name: 'build_num', type: 'integer' },
          { name: 'job_id', type: 'varchar', length: '128', isNullable: true },
          { name: 'acquired_at', type: 'datetime' },
        ],
        indices: [new TableIndex({ name: 'idx_pipeline_job_mutex_holders_job', columnNames: ['build_id', 'container_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_job_mutex_waiters',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'mutex_name', type: 'varchar', length: '255' },
          { name: 'build_id', type: 'varchar', length: '34' },
          { name: 'container_id', type: 'varchar', length: '64' },
          { name: 'pipeline_id', type: 'varchar', length: '34' },
          { name: 'queued_at', type: 'datetime' },
          { name: 'timeout_minutes', type: 'integer' },
          { name: 'timeout_at', type: 'datetime' },
        ],
        indices: [
          new TableIndex({ name: 'uk_pipeline_job_mutex_waiters_job', columnNames: ['build_id', 'container_id'], isUnique: true }),
          new TableIndex({ name: 'idx_pipeline_job_mutex_waiters_mutex', columnNames: ['project_id', 'mutex_name'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('pipeline_job_mutex_waiters');
    await queryRunner.dropTable('pipeline_job_mutex_holders');
  }
}
