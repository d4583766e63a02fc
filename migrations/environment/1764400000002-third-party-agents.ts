import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Third-party build agents (BK-CI T_ENVIRONMENT_THIRDPARTY_AGENT), their online/offline actions and offline periods. */
export class ThirdPartyAgents1764400000002 implements MigrationInterface {
  name = 'ThirdPartyAgents1764400000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'third_party_agents',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'agent_id', type: 'varchar', length: '32', isNullable: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'node_id', type: 'integer', isNullable: true },
          { name: 'status', type: 'integer' },
          { name: 'os', type: 'varchar', length: '16' },
          { name: 'detect_os', type: 'varchar', length: '128', default: "''" },
          { name: 'hostname', type: 'varchar', length: '128', default: "''" },
          { name: 'ip', type: 'varchar', length: '64', default: "''" },
          { name: 'bound_host', type: 'varchar', length: '256', isNullable: true },
          { name: 'secret_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'install_token_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'install_token_expires_at', type: 'datetime', isNullable: true },
          { name: 'version', type: 'varchar', length: '128', default: "''" },
          { name: 'master_version', type: 'varchar', length: '128', default: "''" },
          { name: 'parallel_task_count', type: 'integer', isNullable: true },
          { name: 'running_task_count', type: 'integer', default: 0 },
          { name: 'agent_install_path', type: 'varchar', length: '512', default: "''" },
          { name: 'started_user', type: 'varchar', length: '64', default: "''" },
          { name: 'agent_envs', type: 'json', isNullable: true },
          { name: 'envs_key_id', type: 'varchar', length: '32', isNullable: true },
          { name: 'envs_wrapped_key', type: 'text', isNullable: true },
          { name: 'envs_ciphertext', type: 'text', isNullable: true },
          { name: 'props', type: 'json', isNullable: true },
          { name: 'agent_type', type: 'varchar', length: '16' },
          { name: 'shared_with_all', type: 'boolean', default: 0 },
          { name: 'created_user', type: 'varchar', length: '64' },
          { name: 'created_time', type: 'datetime' },
          { name: 'last_heartbeat_time', type: 'datetime', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('third_party_agents', new TableIndex({ name: 'uni_third_party_agents_agent_id', columnNames: ['agent_id'], isUnique: true }));
    await queryRunner.createIndex('third_party_agents', new TableIndex({ name: 'idx_third_party_agents_project', columnNames: ['project_id', 'status'] }));
    await queryRunner.createIndex('third_party_agents', new TableIndex({ name: 'idx_third_party_agents_node', columnNames: ['node_id'] }));
    await queryRunner.createIndex('third_party_agents', new TableIndex({ name: 'idx_third_party_agents_status', columnNames: ['status', 'last_heartbeat_time'] }));
    await queryRunner.createTable(
      new Table({
        name: 'third_party_agent_actions',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'agent_id', type: 'integer' },
          { name: 'action', type: 'varchar', length: '16' },
          { name: 'action_time', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createIndex('third_party_agent_actions', new TableIndex({ name: 'idx_third_party_agent_actions_agent', columnNames: ['agent_id', 'action_time'] }));
    await queryRunner.createTable(
      new Table({
        name: 'third_party_agent_offline_periods',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'agent_id', type: 'integer' },
          { name: 'offline_time', type: 'datetime' },
          { name: 'online_time', type: 'datetime', isNullable: true },
          { name: 'duration_seconds', type: 'integer', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'third_party_agent_offline_periods',
      new TableIndex({ name: 'idx_third_party_agent_offline_periods_agent', columnNames: ['agent_id', 'offline_time'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('third_party_agent_offline_periods');
    await queryRunner.dropTable('third_party_agent_actions');
    await queryRunner.dropTable('third_party_agents');
  }
}
