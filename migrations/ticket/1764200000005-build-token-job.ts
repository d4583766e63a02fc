import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** A build token may be one job's (issue 14): the job's end revokes it while the build's other jobs keep theirs. */
export class BuildTokenJob1764200000005 implements MigrationInterface {
  name = 'BuildTokenJob1764200000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Tokens minted before this were build-wide; null keeps them so.
    await queryRunner.addColumn('build_tokens', new TableColumn({ name: 'vm_seq_id', type: 'varchar', length: '64', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('build_tokens', 'vm_seq_id');
  }
}
