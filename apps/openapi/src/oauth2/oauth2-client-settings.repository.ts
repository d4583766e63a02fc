import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Oauth2ClientSettingsEntity } from './entities/oauth2-client-settings.entity';

@Injectable()
export class Oauth2ClientSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  get(appCode: string): Promise<Oauth2ClientSettingsEntity | null> {
    return this.dataSource.manager.findOneBy(Oauth2ClientSettingsEntity, { appCode });
  }

  /** Writes the app's settings, keeping who made them first and when. */
  async put(row: Oauth2ClientSettingsEntity): Promise<Oauth2ClientSettingsEntity> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(Oauth2ClientSettingsEntity, { appCode: row.appCode });
      const saved = existing ? { ...row, creator: existing.creator, createdAt: existing.createdAt } : row;
      await manager.upsert(Oauth2ClientSettingsEntity, saved, ['appCode']);
      return saved;
    });
  }

  /** False when the app had no settings. */
  async delete(appCode: string): Promise<boolean> {
    const deleted = await this.dataSource.manager.delete(Oauth2ClientSettingsEntity, { appCode });
    return !!deleted.affected;
  }
}
