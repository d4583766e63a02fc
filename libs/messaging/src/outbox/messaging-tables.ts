import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { OutboxEventEntity } from './outbox-event.entity';
import { ProcessedEventEntity } from './processed-event.entity';

export const MESSAGING_ENTITIES = [OutboxEventEntity, ProcessedEventEntity];

/**
 * The first migration of every app: each app keeps its own outbox and dedup tables, in its own
 * database, so it is listed in every app's migrations.
 */
export class MessagingTables1764000000000 implements MigrationInterface {
  name = 'MessagingTables1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('processed_events');
    await queryRunner.dropTable('outbox_events');
  }
}

async function createMessagingTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.createTable(
    new Table({
      name: 'outbox_events',
      columns: [
        { name: 'id', type: 'varchar', length: '32', isPrimary: true },
        { name: 'type', type: 'varchar', length: '128' },
        { name: 'body', type: 'text' },
        { name: 'created_at', type: 'datetime' },
        { name: 'published_at', type: 'datetime', isNullable: true },
        { name: 'attempts', type: 'integer', default: 0 },
        { name: 'last_error', type: 'varchar', length: '512', isNullable: true },
      ],
    }),
  );
  await queryRunner.createIndex(
    'outbox_events',
    new TableIndex({ name: 'idx_outbox_events_unpublished', columnNames: ['published_at', 'id'] }),
  );
  await queryRunner.createTable(
    new Table({
      name: 'processed_events',
      columns: [
        { name: 'consumer', type: 'varchar', length: '128', isPrimary: true },
        { name: 'event_id', type: 'varchar', length: '32', isPrimary: true },
        { name: 'processed_at', type: 'datetime' },
      ],
    }),
  );
}
