import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** The log tables: builds with a log, their lines, stored batches (retries), task statuses and sub-tags. */
export class Logs1764300000001 implements MigrationInterface {
  name = 'Logs1764300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'log_builds',
        columns: [
          { name: 'build_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'pipeline_id', type: 'varchar', length: '64' },
          { name: 'last_line_no', type: 'integer' },
          { name: 'finished', type: 'boolean' },
          { name: 'cleaned', type: 'boolean' },
          { name: 'created_at', type: 'datetime' },
          { name: 'updated_at', type: 'datetime' },
        ],
        indices: [
          new TableIndex({ name: 'idx_log_builds_pipeline', columnNames: ['project_id', 'pipeline_id', 'created_at'] }),
          new TableIndex({ name: 'idx_log_builds_created', columnNames: ['created_at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'log_lines',
        columns: [
          { name: 'build_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'line_no', type: 'integer', isPrimary: true },
          { name: 'execute_count', type: 'integer' },
          { name: 'timestamp', type: 'bigint' },
          { name: 'message', type: 'text' },
          { name: 'log_type', type: 'varchar', length: '8' },
          { name: 'tag', type: 'varchar', length: '128' },
          { name: 'sub_tag', type: 'varchar', length: '128' },
          { name: 'container_hash_id', type: 'varchar', length: '64' },
          { name: 'job_id', type: 'varchar', length: '128' },
          { name: 'step_id', type: 'varchar', length: '128' },
        ],
        indices: [new TableIndex({ name: 'idx_log_lines_tag', columnNames: ['build_id', 'tag', 'line_no'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'log_batches',
        columns: [
          { name: 'build_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'batch_key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'first_line_no', type: 'integer' },
          { name: 'line_count', type: 'integer' },
          { name: 'created_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'log_statuses',
        columns: [
          { name: 'build_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'tag', type: 'varchar', length: '128', isPrimary: true },
          { name: 'sub_tag', type: 'varchar', length: '128', isPrimary: true },
          { name: 'execute_count', type: 'integer', isPrimary: true },
          { name: 'container_hash_id', type: 'varchar', length: '64' },
          { name: 'job_id', type: 'varchar', length: '128' },
          { name: 'step_id', type: 'varchar', length: '128' },
          { name: 'mode', type: 'varchar', length: '16' },
          { name: 'finished', type: 'boolean' },
          { name: 'created_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'log_sub_tags',
        columns: [
          { name: 'build_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'tag', type: 'varchar', length: '128', isPrimary: true },
          { name: 'sub_tags', type: 'text' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['log_sub_tags', 'log_statuses', 'log_batches', 'log_lines', 'log_builds']) await queryRunner.dropTable(table);
  }
}
