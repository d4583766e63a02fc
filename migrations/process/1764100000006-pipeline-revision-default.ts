import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * pipelines.revision defaults to 0 like pipeline_template_infos.revision, so both tables share one column
 * definition (RevisedAuditColumns). Only the default changes: every insert sets the revision itself.
 */
export class PipelineRevisionDefault1764100000006 implements MigrationInterface {
  name = 'PipelineRevisionDefault1764100000006';

  up(queryRunner: QueryRunner): Promise<void> {
    return setRevisionDefault(queryRunner, 0);
  }

  down(queryRunner: QueryRunner): Promise<void> {
    return setRevisionDefault(queryRunner, 1);
  }
}

async function setRevisionDefault(queryRunner: QueryRunner, value: number): Promise<void> {
  if (queryRunner.connection.options.type === 'better-sqlite3') {
    // SQLite cannot alter a default in place; TypeORM rebuilds the table with its rows.
    await queryRunner.changeColumn('pipelines', 'revision', new TableColumn({ name: 'revision', type: 'integer', default: value }));
  } else {
    await queryRunner.query(`ALTER TABLE pipelines ALTER revision SET DEFAULT ${value}`);
  }
}
