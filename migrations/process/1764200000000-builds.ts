import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * The build runtime (BK-CI T_PIPELINE_BUILD_HISTORY, _STAGE, _CONTAINER, _TASK, _VAR and the
 * per-pipeline counters of T_PIPELINE_BUILD_SUMMARY). Statuses are stored by BuildStatus name.
 */
export class Builds1764200000000 implements MigrationInterface {
  name = 'Builds1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_build_histories',
        columns: [
          { name: 'build_id', type: 'varchar', length: '34', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'pipeline_id', type: 'varchar', length: '34' },
          { name: 'build_num', type: 'integer' },
          { name: 'version', type: 'integer' },
          { name: 'version_name', type: 'varchar', length: '64' },
          { name: 'status', type: 'varchar', length: '32' },
          { name: 'start_type', type: 'varchar', length: '32' },
          { name: 'channel', type: 'varchar', length: '32' },
          { name: 'start_user', type: 'varchar', length: '64' },
          { name: 'trigger_user', type: 'varchar', length: '64' },
          { name: 'queue_time', type: 'datetime' },
          { name: 'start_time', type: 'datetime', isNullable: true },
          { name: 'end_time', type: 'datetime', isNullable: true },
          { name: 'execute_count', type: 'integer' },
          { name: 'first_task_id', type: 'varchar', length: '64' },
          { name: 'concurrency_group', type: 'varchar', length: '255', isNullable: true },
          { name: 'build_parameters', type: 'json' },
          { name: 'build_msg', type: 'varchar', length: '255' },
          { name: 'build_num_alias', type: 'varchar', length: '255', isNullable: true },
          { name: 'recommend_version', type: 'varchar', length: '64', isNullable: true },
          { name: 'parent_build_id', type: 'varchar', length: '34', isNullable: true },
          { name: 'parent_task_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'debug', type: 'boolean' },
          { name: 'error_type', type: 'varchar', length: '32', isNullable: true },
          { name: 'error_code', type: 'integer', isNullable: true },
          { name: 'error_msg', type: 'text', isNullable: true },
          { name: 'revision', type: 'integer' },
        ],
        indices: [
          new TableIndex({ name: 'uk_pipeline_build_histories_num', columnNames: ['pipeline_id', 'debug', 'build_num'], isUnique: true }),
          new TableIndex({ name: 'idx_pipeline_build_histories_status', columnNames: ['project_id', 'pipeline_id', 'status'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_build_stages',
        columns: [
          { name: 'build_id', type: 'varchar', length: '34', isPrimary: true },
          { name: 'stage_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'pipeline_id', type: 'varchar', length: '34' },
          { name: 'seq', type: 'integer' },
          { name: 'status', type: 'varchar', length: '32' },
          { name: 'execute_count', type: 'integer' },
          { name: 'start_time', type: 'datetime', isNullable: true },
          { name: 'end_time', type: 'datetime', isNullable: true },
          { name: 'conditions', type: 'json' },
          { name: 'check_in', type: 'json', isNullable: true },
          { name: 'check_out', type: 'json', isNullable: true },
          { name: 'stage_id_for_user', type: 'varchar', length: '64', isNullable: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_build_containers',
        columns: [
          { name: 'build_id', type: 'varchar', length: '34', isPrimary: true },
          { name: 'container_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'pipeline_id', type: 'varchar', length: '34' },
          { name: 'stage_id', type: 'varchar', length: '64' },
          { name: 'container_type', type: 'varchar', length: '32' },
          { name: 'container_hash_id', type: 'varchar', length: '64' },
          { name: 'job_id', type: 'varchar', length: '128', isNullable: true },
          { name: 'seq', type: 'integer' },
          { name: 'status', type: 'varchar', length: '32' },
          { name: 'execute_count', type: 'integer' },
          { name: 'start_time', type: 'datetime', isNullable: true },
          { name: 'end_time', type: 'datetime', isNullable: true },
          { name: 'conditions', type: 'json' },
          { name: 'matrix_group_flag', type: 'boolean' },
          { name: 'matrix_group_id', type: 'varchar', length: '64', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'idx_pipeline_build_containers_stage', columnNames: ['build_id', 'stage_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_build_tasks',
        columns: [
          { name: 'build_id', type: 'varchar', length: '34', isPrimary: true },
          { name: 'task_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'pipeline_id', type: 'varchar', length: '34' },
          { name: 'stage_id', type: 'varchar', length: '64' },
          { name: 'container_id', type: 'varchar', length: '64' },
          { name: 'container_hash_id', type: 'varchar', length: '64' },
          { name: 'container_type', type: 'varchar', length: '32' },
          { name: 'job_id', type: 'varchar', length: '128', isNullable: true },
          { name: 'task_seq', type: 'integer' },
          { name: 'task_name', type: 'varchar', length: '255' },
          { name: 'step_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'task_type', type: 'varchar', length: '64' },
          { name: 'task_atom', type: 'varchar', length: '128' },
          { name: 'atom_code', type: 'varchar', length: '128' },
          { name: 'task_params', type: 'json' },
          { name: 'additional_options', type: 'json', isNullable: true },
          { name: 'status', type: 'varchar', length: '32' },
          { name: 'execute_count', type: 'integer' },
          { name: 'starter', type: 'varchar', length: '64' },
          { name: 'approver', type: 'varchar', length: '64', isNullable: true },
          { name: 'sub_build_id', type: 'varchar', length: '34', isNullable: true },
          { name: 'start_time', type: 'datetime', isNullable: true },
          { name: 'end_time', type: 'datetime', isNullable: true },
          { name: 'error_type', type: 'varchar', length: '32', isNullable: true },
          { name: 'error_code', type: 'integer', isNullable: true },
          { name: 'error_msg', type: 'text', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'idx_pipeline_build_tasks_container', columnNames: ['build_id', 'container_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_build_vars',
        columns: [
          { name: 'build_id', type: 'varchar', length: '34', isPrimary: true },
          { name: 'key', type: 'varchar', length: '255', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'pipeline_id', type: 'varchar', length: '34' },
          { name: 'value', type: 'varchar', length: '4000' },
          { name: 'var_type', type: 'varchar', length: '32', isNullable: true },
          { name: 'read_only', type: 'boolean' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_build_summaries',
        columns: [
          { name: 'pipeline_id', type: 'varchar', length: '34', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'build_num', type: 'integer' },
          { name: 'debug_build_num', type: 'integer' },
          { name: 'build_no', type: 'integer', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['pipeline_build_summaries', 'pipeline_build_vars', 'pipeline_build_tasks', 'pipeline_build_containers', 'pipeline_build_stages', 'pipeline_build_histories']) {
      await queryRunner.dropTable(table);
    }
  }
}
