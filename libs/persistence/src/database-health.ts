import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The database's answer to the health check, beside the bus's and the lock store's `check()`. */
@Injectable()
export class DatabaseHealth {
  constructor(private readonly dataSource: DataSource) {}

  /** Throws when the database cannot be reached. */
  async check(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
