import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * pipelines.revision (default 1) and pipeline_template_infos.revision (default 0) lose their defaults,
 * like the ticket tables' revisions, so every revision column shares one definition
 * (RevisedAuditColumns). Nothing relied on them: every insert sets the revision a row starts at.
 */
export class RevisionWithoutDefault1764100000006 implements MigrationInterface {
  name = 'RevisionWithoutDefault1764100000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    await setRevisionDefault(queryRunner, 'pipelines', null);
    await setRevisionDefault(queryRunner, 'pipeline_template_infos', null);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await setRevisionDefault(queryRunner, 'pipelines', 1);
    await setRevisionDefault(queryRunner, 'pipeline_template_infos', 0);
  }
}

async function setRevisionDefault(queryRunner: QueryRunner, table: string, value: number | null): Promise<void> {
  if (queryRunner.connection.options.type === 'better-sqlite3') {
    // SQLite cannot alter a default in place; TypeORM rebuilds the table with its rows.
    await queryRunner.changeColumn(table, 'revision', new TableColumn({ name: 'revision', type: 'integer', default: value ?? undefined }));
  } else {
    await queryRunner.query(`ALTER TABLE ${table} ALTER revision ${value === null ? 'DROP DEFAULT' : `SET DEFAULT ${value}`}`);
  }
}
