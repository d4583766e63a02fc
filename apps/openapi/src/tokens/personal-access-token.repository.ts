import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { PersonalAccessTokenEntity } from './entities/personal-access-token.entity';

/** The personal access token table; a token is found by its SHA-256, the only form stored. */
@Injectable()
export class PersonalAccessTokenRepository {
  constructor(private readonly dataSource: DataSource) {}

  async add(row: PersonalAccessTokenEntity): Promise<void> {
    await this.dataSource.manager.insert(PersonalAccessTokenEntity, row);
  }

  /** The user's tokens, revoked and expired ones too, newest first. */
  ofUser(userId: string): Promise<PersonalAccessTokenEntity[]> {
    return this.dataSource.manager.find(PersonalAccessTokenEntity, { where: { userId }, order: { createdAt: 'DESC' } });
  }

  byHash(tokenHash: string): Promise<PersonalAccessTokenEntity | null> {
    return this.dataSource.manager.findOneBy(PersonalAccessTokenEntity, { tokenHash });
  }

  /** Revokes the user's token if it is not revoked yet; false when no such active token is theirs. */
  async revoke(userId: string, tokenId: string, at: Date, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.update(PersonalAccessTokenEntity, { id: tokenId, userId, revokedAt: IsNull() }, { revokedAt: at });
    return !!result.affected;
  }

  async markUsed(tokenId: string, at: Date): Promise<void> {
    await this.dataSource.manager.update(PersonalAccessTokenEntity, { id: tokenId }, { lastUsedAt: at });
  }
}
