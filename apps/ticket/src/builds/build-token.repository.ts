import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { BuildTokenEntity } from './entities/build-token.entity';

/** The build token table; a token is found by its SHA-256, the only form stored. */
@Injectable()
export class BuildTokenRepository {
  constructor(private readonly dataSource: DataSource) {}

  async add(row: BuildTokenEntity): Promise<void> {
    await this.dataSource.manager.insert(BuildTokenEntity, row);
  }

  byHash(tokenHash: string): Promise<BuildTokenEntity | null> {
    return this.dataSource.manager.findOneBy(BuildTokenEntity, { tokenHash });
  }

  /** Marks every token of the build not yet revoked as revoked at `at`; how many it marked. */
  async revokeByBuild(projectId: string, buildId: string, at: Date, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const result = await manager.update(BuildTokenEntity, { projectId, buildId, revokedAt: IsNull() }, { revokedAt: at });
    return result.affected ?? 0;
  }

  /** Marks every token of the build's job `vmSeqId` not yet revoked as revoked at `at`; how many it marked. */
  async revokeByJob(projectId: string, buildId: string, vmSeqId: string, at: Date, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const result = await manager.update(BuildTokenEntity, { projectId, buildId, vmSeqId, revokedAt: IsNull() }, { revokedAt: at });
    return result.affected ?? 0;
  }
}
