import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class ResourceGroups1764100000005 implements MigrationInterface {
  name = 'ResourceGroups1764100000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'auth_resources',
        columns: [
          { name: 'project_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'resource_type', type: 'varchar', length: '32', isPrimary: true },
          { name: 'resource_code', type: 'varchar', length: '64', isPrimary: true },
          { name: 'creator', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'resource_group_members',
        columns: [
          { name: 'project_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'resource_type', type: 'varchar', length: '32', isPrimary: true },
          { name: 'resource_code', type: 'varchar', length: '64', isPrimary: true },
          { name: 'group_code', type: 'varchar', length: '32', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'expired_at', type: 'datetime', isNullable: true },
          { name: 'joined_at', type: 'datetime' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'resource_group_members',
      new TableIndex({ name: 'idx_resource_group_members_user', columnNames: ['user_id', 'project_id', 'resource_type'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('resource_group_members');
    await queryRunner.dropTable('auth_resources');
  }
}
