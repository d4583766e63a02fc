import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export class PersonalAccessTokens1764000000001 implements MigrationInterface {
  name = 'PersonalAccessTokens1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'personal_access_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '64' },
          { name: 'name', type: 'varchar', length: '64' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'token_prefix', type: 'varchar', length: '16' },
          { name: 'created_by', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime' },
          { name: 'expires_at', type: 'datetime', isNullable: true },
          { name: 'revoked_at', type: 'datetime', isNullable: true },
          { name: 'last_used_at', type: 'datetime', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'personal_access_tokens',
      new TableIndex({ name: 'idx_personal_access_tokens_user', columnNames: ['user_id'] }),
    );
    await queryRunner.createIndex(
      'personal_access_tokens',
      new TableIndex({ name: 'uq_personal_access_tokens_hash', columnNames: ['token_hash'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('personal_access_tokens');
  }
}
