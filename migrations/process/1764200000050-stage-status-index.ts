import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** The stage review monitor looks for stages waiting for their check-in review (status PAUSE) across builds. */
export class StageStatusIndex1764200000050 implements MigrationInterface {
  name = 'StageStatusIndex1764200000050';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('pipeline_build_stages', new TableIndex({ name: 'idx_pipeline_build_stages_status', columnNames: ['status'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('pipeline_build_stages', 'idx_pipeline_build_stages_status');
  }
}
