import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class Projects1764000000001 implements MigrationInterface {
  name = 'Projects1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'projects',
        columns: [
          { name: 'project_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'project_name', type: 'varchar', length: '64' },
          { name: 'description', type: 'varchar', length: '1024', default: "''" },
          { name: 'project_type', type: 'integer', default: 0 },
          { name: 'bg_id', type: 'integer', default: 0 },
          { name: 'bg_name', type: 'varchar', length: '255', default: "''" },
          { name: 'dept_id', type: 'integer', default: 0 },
          { name: 'dept_name', type: 'varchar', length: '255', default: "''" },
          { name: 'center_id', type: 'integer', default: 0 },
          { name: 'center_name', type: 'varchar', length: '255', default: "''" },
          { name: 'secrecy', type: 'boolean', default: 0 },
          { name: 'kind', type: 'integer', default: 0 },
          { name: 'enabled', type: 'boolean', default: 1 },
          { name: 'creator', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime' },
          { name: 'updated_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'project_groups',
        columns: [
          { name: 'project_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'group_code', type: 'varchar', length: '64', isPrimary: true },
          { name: 'group_name', type: 'varchar', length: '64' },
          { name: 'description', type: 'varchar', length: '512', default: "''" },
          { name: 'actions', type: 'text' },
          { name: 'built_in', type: 'boolean', default: 0 },
          { name: 'created_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'project_group_members',
        columns: [
          { name: 'project_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'group_code', type: 'varchar', length: '64', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'expired_at', type: 'datetime', isNullable: true },
          { name: 'joined_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'project_group_members',
      new TableIndex({ name: 'idx_project_group_members_user', columnNames: ['user_id', 'project_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('project_group_members');
    await queryRunner.dropTable('project_groups');
    await queryRunner.dropTable('projects');
  }
}
