import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** A build token names its pipeline too, so the gateway can tell the apps behind it which build is calling. */
export class BuildTokenPipeline1764200000004 implements MigrationInterface {
  name = 'BuildTokenPipeline1764200000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Tokens minted before this named no pipeline; they keep working with an empty one until they expire.
    await queryRunner.addColumn('build_tokens', new TableColumn({ name: 'pipeline_id', type: 'varchar', length: '64', default: "''" }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('build_tokens', 'pipeline_id');
  }
}
