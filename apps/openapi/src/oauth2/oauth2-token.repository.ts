import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { ThirdPartyAppEntity } from '../third-party-apps/entities/third-party-app.entity';
import { Oauth2TokenEntity } from './entities/oauth2-token.entity';

/** OAuth2 access and refresh tokens; a token is found by its SHA-256, the only form stored. */
@Injectable()
export class Oauth2TokenRepository {
  constructor(private readonly dataSource: DataSource) {}

  async add(rows: Oauth2TokenEntity[]): Promise<void> {
    await this.dataSource.manager.insert(Oauth2TokenEntity, rows);
  }

  /** The token, while the app it was issued to is still registered: deleting an app ends its tokens. */
  async byHash(tokenHash: string): Promise<Oauth2TokenEntity | null> {
    const row = await this.dataSource.manager.findOneBy(Oauth2TokenEntity, { tokenHash });
    if (!row) return null;
    return (await this.dataSource.manager.existsBy(ThirdPartyAppEntity, { appCode: row.appCode })) ? row : null;
  }

  /** Marks a refresh token used if nobody has yet and it is not revoked, in one conditional update; false otherwise. */
  async consume(id: string, at: Date): Promise<boolean> {
    const updated = await this.dataSource.manager.update(Oauth2TokenEntity, { id, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: at });
    return !!updated.affected;
  }

  /** Revokes every token of the family that is not revoked yet. */
  async revokeFamily(familyId: string, at: Date): Promise<void> {
    await this.dataSource.manager.update(Oauth2TokenEntity, { familyId, revokedAt: IsNull() }, { revokedAt: at });
  }
}
