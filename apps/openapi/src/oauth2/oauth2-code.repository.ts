import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { Oauth2CodeEntity } from './entities/oauth2-code.entity';

/** Authorization codes; a code is found by its SHA-256, the only form stored. */
@Injectable()
export class Oauth2CodeRepository {
  constructor(private readonly dataSource: DataSource) {}

  async add(row: Oauth2CodeEntity): Promise<void> {
    await this.dataSource.manager.insert(Oauth2CodeEntity, row);
  }

  byHash(codeHash: string): Promise<Oauth2CodeEntity | null> {
    return this.dataSource.manager.findOneBy(Oauth2CodeEntity, { codeHash });
  }

  /** Marks the code used if nobody has yet, in one conditional update; false when it was used already. */
  async consume(id: string, at: Date): Promise<boolean> {
    const updated = await this.dataSource.manager.update(Oauth2CodeEntity, { id, usedAt: IsNull() }, { usedAt: at });
    return !!updated.affected;
  }
}
