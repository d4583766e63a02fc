import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Jobs handed to agents (BK-CI's dispatch module keeps T_DISPATCH_THIRDPARTY_AGENT_BUILD; here the
 * engine owns it): one row per VM job run, the agents that may take it, and why a job or a step is
 * where it is (the reason the build detail shows).
 */
export class BuildDispatch1764300000000 implements MigrationInterface {
  name = 'BuildDispatch1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_build_dispatches',
        columns: [
          { name: 'build_id', type: 'varchar', length: '34', isPrimary: true },
          { name: 'vm_seq_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'pipeline_id', type: 'varchar', length: '34' },
          { name: 'container_hash_id', type: 'varchar', length: '64' },
          { name: 'job_id', type: 'varchar', length: '128', isNullable: true },
          { name: 'execute_count', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'agent_project_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'agent_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'workspace', type: 'varchar', length: '512', isNullable: true },
          { name: 'queued_at', type: 'datetime' },
          { name: 'queue_timeout_at', type: 'datetime' },
          { name: 'claimed_at', type: 'datetime', isNullable: true },
          { name: 'last_heartbeat_at', type: 'datetime', isNullable: true },
          { name: 'ended_at', type: 'datetime', isNullable: true },
          { name: 'cancel_task_ids', type: 'json' },
          { name: 'revision', type: 'integer' },
        ],
        indices: [
          new TableIndex({ name: 'idx_pipeline_build_dispatches_status', columnNames: ['status', 'queued_at'] }),
          new TableIndex({ name: 'idx_pipeline_build_dispatches_agent', columnNames: ['agent_project_id', 'agent_id', 'status'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'pipeline_build_dispatch_agents',
        columns: [
          { name: 'build_id', type: 'varchar', length: '34', isPrimary: true },
          { name: 'vm_seq_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'agent_project_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'agent_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'queued_at', type: 'datetime' },
        ],
        indices: [new TableIndex({ name: 'idx_pipeline_build_dispatch_agents_agent', columnNames: ['agent_project_id', 'agent_id', 'queued_at'] })],
      }),
    );
    const reason = () => new TableColumn({ name: 'status_reason', type: 'varchar', length: '512', isNullable: true });
    await queryRunner.addColumn('pipeline_build_containers', reason());
    await queryRunner.addColumn('pipeline_build_tasks', reason());
    await queryRunner.addColumn('pipeline_build_tasks', new TableColumn({ name: 'retry_count', type: 'integer', default: 0 }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('pipeline_build_tasks', 'retry_count');
    await queryRunner.dropColumn('pipeline_build_tasks', 'status_reason');
    await queryRunner.dropColumn('pipeline_build_containers', 'status_reason');
    await queryRunner.dropTable('pipeline_build_dispatch_agents');
    await queryRunner.dropTable('pipeline_build_dispatches');
  }
}
