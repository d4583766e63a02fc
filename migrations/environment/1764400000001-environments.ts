import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Nodes, environments and their members, shares, operation log, and node tags (BK-CI devops_ci_environment). */
export class Environments1764400000001 implements MigrationInterface {
  name = 'Environments1764400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'nodes',
        columns: [
          { name: 'node_id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'node_hash_id', type: 'varchar', length: '64' },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'node_string_id', type: 'varchar', length: '255' },
          { name: 'node_ip', type: 'varchar', length: '64' },
          { name: 'node_name', type: 'varchar', length: '128' },
          { name: 'node_status', type: 'varchar', length: '64' },
          { name: 'node_type', type: 'varchar', length: '64' },
          { name: 'display_name', type: 'varchar', length: '128' },
          { name: 'os_name', type: 'varchar', length: '128' },
          { name: 'os_type', type: 'varchar', length: '64' },
          { name: 'agent_version', type: 'varchar', length: '128' },
          { name: 'created_user', type: 'varchar', length: '64' },
          { name: 'created_time', type: 'datetime' },
          { name: 'last_modify_user', type: 'varchar', length: '64' },
          { name: 'last_modify_time', type: 'datetime' },
          { name: 'pipeline_ref_count', type: 'integer' },
          { name: 'last_build_time', type: 'datetime', isNullable: true },
          { name: 'last_build_pipeline_id', type: 'varchar', length: '64', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('nodes', new TableIndex({ name: 'idx_nodes_project', columnNames: ['project_id', 'node_status'] }));
    await queryRunner.createTable(
      new Table({
        name: 'envs',
        columns: [
          { name: 'env_id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'env_hash_id', type: 'varchar', length: '64' },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'env_name', type: 'varchar', length: '128' },
          { name: 'env_desc', type: 'varchar', length: '128' },
          { name: 'env_type', type: 'varchar', length: '64' },
          { name: 'env_node_type', type: 'varchar', length: '32' },
          { name: 'os', type: 'varchar', length: '16', isNullable: true },
          { name: 'env_vars', type: 'json' },
          { name: 'key_id', type: 'varchar', length: '32' },
          { name: 'wrapped_key', type: 'text' },
          { name: 'ciphertext', type: 'text' },
          { name: 'created_user', type: 'varchar', length: '64' },
          { name: 'created_time', type: 'datetime' },
          { name: 'updated_user', type: 'varchar', length: '64' },
          { name: 'updated_time', type: 'datetime' },
          { name: 'is_deleted', type: 'boolean' },
        ],
      }),
    );
    await queryRunner.createIndex('envs', new TableIndex({ name: 'idx_envs_project_name', columnNames: ['project_id', 'env_name'] }));
    await queryRunner.createTable(
      new Table({
        name: 'env_nodes',
        columns: [
          { name: 'env_id', type: 'integer', isPrimary: true },
          { name: 'node_id', type: 'integer', isPrimary: true },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'enable_node', type: 'boolean' },
        ],
      }),
    );
    await queryRunner.createIndex('env_nodes', new TableIndex({ name: 'idx_env_nodes_node', columnNames: ['node_id'] }));
    await queryRunner.createTable(
      new Table({
        name: 'env_share_projects',
        columns: [
          { name: 'env_id', type: 'integer', isPrimary: true },
          { name: 'main_project_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'shared_project_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'env_name', type: 'varchar', length: '128' },
          { name: 'shared_project_name', type: 'varchar', length: '1024' },
          { name: 'type', type: 'varchar', length: '64' },
          { name: 'creator', type: 'varchar', length: '64' },
          { name: 'create_time', type: 'datetime' },
          { name: 'update_time', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createIndex('env_share_projects', new TableIndex({ name: 'idx_env_share_projects_shared', columnNames: ['shared_project_id', 'main_project_id', 'env_name'] }));
    await queryRunner.createTable(
      new Table({
        name: 'env_operate_logs',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'env_id', type: 'integer' },
          { name: 'operate_origin', type: 'varchar', length: '32' },
          { name: 'operate_name', type: 'varchar', length: '64' },
          { name: 'operate_content', type: 'json', isNullable: true },
          { name: 'created_user', type: 'varchar', length: '64' },
          { name: 'create_time', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createIndex('env_operate_logs', new TableIndex({ name: 'idx_env_operate_logs_env', columnNames: ['project_id', 'env_id'] }));
    await queryRunner.createTable(
      new Table({
        name: 'node_tag_keys',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'key_name', type: 'varchar', length: '64' },
          { name: 'allow_mul_values', type: 'boolean' },
          { name: 'create_time', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createIndex('node_tag_keys', new TableIndex({ name: 'uk_node_tag_keys_name', columnNames: ['project_id', 'key_name'], isUnique: true }));
    await queryRunner.createTable(
      new Table({
        name: 'node_tag_values',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'project_id', type: 'varchar', length: '64' },
          { name: 'tag_key_id', type: 'integer' },
          { name: 'value_name', type: 'varchar', length: '64' },
          { name: 'create_time', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createIndex('node_tag_values', new TableIndex({ name: 'uk_node_tag_values_name', columnNames: ['project_id', 'tag_key_id', 'value_name'], isUnique: true }));
    await queryRunner.createTable(
      new Table({
        name: 'node_tags',
        columns: [
          { name: 'project_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'node_id', type: 'integer', isPrimary: true },
          { name: 'tag_value_id', type: 'integer', isPrimary: true },
          { name: 'tag_key_id', type: 'integer' },
        ],
      }),
    );
    await queryRunner.createIndex('node_tags', new TableIndex({ name: 'idx_node_tags_value', columnNames: ['project_id', 'tag_value_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['node_tags', 'node_tag_values', 'node_tag_keys', 'env_operate_logs', 'env_share_projects', 'env_nodes', 'envs', 'nodes']) await queryRunner.dropTable(table);
  }
}
