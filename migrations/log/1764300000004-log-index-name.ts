import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** The Elasticsearch index a build's lines went to (null: the lines are in log_lines). */
export class LogIndexName1764300000004 implements MigrationInterface {
  name = 'LogIndexName1764300000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('log_builds', new TableColumn({ name: 'index_name', type: 'varchar', length: '128', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('log_builds', 'index_name');
  }
}
