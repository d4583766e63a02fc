import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** A token may be limited (read-only, named projects); existing tokens stay unlimited. */
export class PersonalAccessTokenScopes1765100000000 implements MigrationInterface {
  name = 'PersonalAccessTokenScopes1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('personal_access_tokens', new TableColumn({ name: 'scopes', type: 'varchar', length: '1024', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('personal_access_tokens', 'scopes');
  }
}
