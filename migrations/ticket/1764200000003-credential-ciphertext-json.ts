import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * credentials.ciphertext becomes `json` like certificates.ciphertext (LONGTEXT on MariaDB), so both
 * share one column definition. A json column holds the base64 text as a JSON string: each stored
 * value is quoted on the way up and unquoted on the way down.
 */
export class CredentialCiphertextJson1764200000003 implements MigrationInterface {
  name = 'CredentialCiphertextJson1764200000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('UPDATE credentials SET ciphertext = JSON_QUOTE(ciphertext)');
    if (isSqlite(queryRunner)) {
      await queryRunner.changeColumn('credentials', 'ciphertext', new TableColumn({ name: 'ciphertext', type: 'json' }));
    } else {
      // TypeORM's changeColumn drops and re-adds a MariaDB column whose type changes, losing the data.
      await queryRunner.query('ALTER TABLE credentials MODIFY ciphertext JSON NOT NULL');
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isSqlite(queryRunner)) {
      await queryRunner.changeColumn('credentials', 'ciphertext', new TableColumn({ name: 'ciphertext', type: 'text' }));
      await queryRunner.query("UPDATE credentials SET ciphertext = JSON_EXTRACT(ciphertext, '$')");
    } else {
      await queryRunner.query('ALTER TABLE credentials MODIFY ciphertext TEXT NOT NULL');
      await queryRunner.query('UPDATE credentials SET ciphertext = JSON_UNQUOTE(ciphertext)');
    }
  }
}

function isSqlite(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.options.type === 'better-sqlite3';
}
