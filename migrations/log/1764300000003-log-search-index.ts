import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The index behind log search. MariaDB: an InnoDB FULLTEXT index on log_lines.message (declared on
 * the entity with `synchronize: false`, so the schema check neither drops nor recreates it). SQLite:
 * an FTS5 table with the trigram tokenizer (substring and case-insensitive matching, as the search
 * promises) over log_lines' rowids, kept in sync by triggers; TypeORM's metadata does not see it.
 *
 * The FTS5 table refers to log_lines rows by rowid: a later migration that rebuilds log_lines on
 * SQLite (TypeORM does so to change a column) drops these triggers and renumbers rows, so it must
 * run this migration's `down` before and `up` after.
 */
export class LogSearchIndex1764300000003 implements MigrationInterface {
  name = 'LogSearchIndex1764300000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'better-sqlite3') {
      await queryRunner.query('CREATE FULLTEXT INDEX idx_log_lines_message ON log_lines (message)');
      return;
    }
    await queryRunner.query(
      "CREATE VIRTUAL TABLE log_lines_fts USING fts5(message, content='log_lines', content_rowid='rowid', tokenize='trigram')",
    );
    await queryRunner.query(
      'CREATE TRIGGER log_lines_fts_insert AFTER INSERT ON log_lines BEGIN INSERT INTO log_lines_fts(rowid, message) VALUES (new.rowid, new.message); END',
    );
    await queryRunner.query(
      "CREATE TRIGGER log_lines_fts_delete AFTER DELETE ON log_lines BEGIN INSERT INTO log_lines_fts(log_lines_fts, rowid, message) VALUES ('delete', old.rowid, old.message); END",
    );
    await queryRunner.query(
      "CREATE TRIGGER log_lines_fts_update AFTER UPDATE OF message ON log_lines BEGIN INSERT INTO log_lines_fts(log_lines_fts, rowid, message) VALUES ('delete', old.rowid, old.message); INSERT INTO log_lines_fts(rowid, message) VALUES (new.rowid, new.message); END",
    );
    // Lines stored before this migration.
    await queryRunner.query("INSERT INTO log_lines_fts(log_lines_fts) VALUES ('rebuild')");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'better-sqlite3') {
      await queryRunner.query('DROP INDEX idx_log_lines_message ON log_lines');
      return;
    }
    for (const trigger of ['log_lines_fts_insert', 'log_lines_fts_delete', 'log_lines_fts_update']) await queryRunner.query(`DROP TRIGGER ${trigger}`);
    await queryRunner.query('DROP TABLE log_lines_fts');
  }
}
