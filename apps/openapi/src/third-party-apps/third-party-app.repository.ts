import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@bkci/persistence';
import { DataSource, In, IsNull } from 'typeorm';
import { Oauth2ClientSettingsEntity } from '../oauth2/entities/oauth2-client-settings.entity';
import { AppCodeProjectEntity } from './entities/app-code-project.entity';
import { ThirdPartyAppSecretEntity } from './entities/third-party-app-secret.entity';
import { ThirdPartyAppEntity } from './entities/third-party-app.entity';

/** What adding a secret came to. */
export type SecretAdded = 'added' | 'at-limit' | 'no-app';

/** The app and app secret tables; a secret is found by its SHA-256, the only form stored. */
@Injectable()
export class ThirdPartyAppRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Adds the app with its first secret; false when the app code is taken. */
  async addWithSecret(app: ThirdPartyAppEntity, secret: ThirdPartyAppSecretEntity): Promise<boolean> {
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.insert(ThirdPartyAppEntity, app);
        await manager.insert(ThirdPartyAppSecretEntity, secret);
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  all(): Promise<ThirdPartyAppEntity[]> {
    return this.dataSource.manager.find(ThirdPartyAppEntity, { order: { appCode: 'ASC' } });
  }

  byCode(appCode: string): Promise<ThirdPartyAppEntity | null> {
    return this.dataSource.manager.findOneBy(ThirdPartyAppEntity, { appCode });
  }

  /** The secrets of the apps, revoked ones too, oldest first. */
  secretsOf(appCodes: string[]): Promise<ThirdPartyAppSecretEntity[]> {
    if (appCodes.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.find(ThirdPartyAppSecretEntity, { where: { appCode: In(appCodes) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  secretByHash(secretHash: string): Promise<ThirdPartyAppSecretEntity | null> {
    return this.dataSource.manager.findOneBy(ThirdPartyAppSecretEntity, { secretHash });
  }

  /** Adds the secret while its app has fewer than `limit` active ones: the count goes up in the same conditional update that checks it. */
  async addSecret(secret: ThirdPartyAppSecretEntity, limit: number): Promise<SecretAdded> {
    return this.dataSource.transaction(async (manager) => {
      const counted = await manager
        .createQueryBuilder()
        .update(ThirdPartyAppEntity)
        .set({ activeSecrets: () => 'active_secrets + 1' })
        .where('app_code = :appCode AND active_secrets < :limit', { appCode: secret.appCode, limit })
        .execute();
      if (!counted.affected) return (await manager.existsBy(ThirdPartyAppEntity, { appCode: secret.appCode })) ? 'at-limit' : 'no-app';
      await manager.insert(ThirdPartyAppSecretEntity, secret);
      return 'added';
    });
  }

  /** Revokes the app's secret if it is not revoked yet; false when the app has no such active secret. */
  async revokeSecret(appCode: string, secretId: string, at: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const revoked = await manager.update(ThirdPartyAppSecretEntity, { id: secretId, appCode, revokedAt: IsNull() }, { revokedAt: at });
      if (!revoked.affected) return false;
      await manager.decrement(ThirdPartyAppEntity, { appCode }, 'activeSecrets', 1);
      return true;
    });
  }

  async markSecretUsed(secretId: string, at: Date): Promise<void> {
    await this.dataSource.manager.update(ThirdPartyAppSecretEntity, { id: secretId }, { lastUsedAt: at });
  }

  /** Deletes the app with its secrets and project bindings; false when there is no such app. */
  async delete(appCode: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.delete(AppCodeProjectEntity, { appCode });
      await manager.delete(ThirdPartyAppSecretEntity, { appCode });
      // An app registered later under the same code starts without the old one's OAuth2 settings.
      await manager.delete(Oauth2ClientSettingsEntity, { appCode });
      const deleted = await manager.delete(ThirdPartyAppEntity, { appCode });
      return !!deleted.affected;
    });
  }
}
