import { Injectable } from '@nestjs/common';
import { Paging } from '@bkci/core';
import { containing, containsPattern, LIKE_ESCAPE } from '@bkci/persistence';
import { DataSource, FindOptionsWhere, In } from 'typeorm';
import { CredentialEntity } from './entities/credential.entity';

/** What a credential list is narrowed to: `codes` null means every credential of the project. */
export interface CredentialFilter {
  codes: string[] | null;
  types?: string[];
  keyword?: string;
}

/** Reads and writes of the credential table; every row is named by its project and credential id. */
@Injectable()
export class CredentialRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a new credential; a duplicate id surfaces as the database's unique violation. */
  async add(row: CredentialEntity): Promise<void> {
    await this.dataSource.manager.insert(CredentialEntity, row);
  }

  byId(projectId: string, credentialId: string): Promise<CredentialEntity | null> {
    return this.dataSource.manager.findOneBy(CredentialEntity, { projectId, credentialId });
  }

  /** The credentials named by (project, id) pairs, across projects. */
  byKeys(keys: Array<{ projectId: string; credentialId: string }>): Promise<CredentialEntity[]> {
    return keys.length === 0 ? Promise.resolve([]) : this.dataSource.manager.findBy(CredentialEntity, keys);
  }

  /** Whether a row was deleted. */
  async remove(projectId: string, credentialId: string): Promise<boolean> {
    const result = await this.dataSource.manager.delete(CredentialEntity, { projectId, credentialId });
    return !!result.affected;
  }

  /** Writes `next` and bumps the revision only if the row is still at `row.revision`; false when it changed meanwhile. */
  async compareAndSet(row: CredentialEntity, next: Partial<CredentialEntity>): Promise<boolean> {
    const result = await this.dataSource.manager.update(
      CredentialEntity,
      { projectId: row.projectId, credentialId: row.credentialId, revision: row.revision },
      { ...next, revision: row.revision + 1 },
    );
    return !!result.affected;
  }

  /** A page of the project's credentials, newest first; the keyword matches the name. */
  pageByName(projectId: string, filter: CredentialFilter, paging: Paging): Promise<[CredentialEntity[], number]> {
    const where: FindOptionsWhere<CredentialEntity> = { projectId };
    if (filter.codes !== null) where.credentialId = In(filter.codes);
    if (filter.types?.length) where.credentialType = In(filter.types);
    if (filter.keyword) where.credentialName = containing(filter.keyword);
    return this.dataSource.manager.findAndCount(CredentialEntity, { where, order: { createdAt: 'DESC', credentialId: 'ASC' }, skip: paging.offset, take: paging.pageSize });
  }

  /** A page of the project's credentials, newest first; the keyword matches the id or the remark (BK-CI hasPermissionList). */
  pageByIdOrRemark(projectId: string, filter: CredentialFilter, paging: Paging): Promise<[CredentialEntity[], number]> {
    const builder = this.dataSource.manager.createQueryBuilder(CredentialEntity, 'c').where('c.projectId = :projectId', { projectId });
    if (filter.codes !== null) builder.andWhere('c.credentialId IN (:...codes)', { codes: filter.codes });
    if (filter.types?.length) builder.andWhere('c.credentialType IN (:...types)', { types: filter.types });
    if (filter.keyword) builder.andWhere(`(c.credentialId LIKE :pattern ESCAPE '${LIKE_ESCAPE}' OR c.remark LIKE :pattern ESCAPE '${LIKE_ESCAPE}')`, { pattern: containsPattern(filter.keyword) });
    return builder.orderBy('c.createdAt', 'DESC').addOrderBy('c.credentialId', 'ASC').skip(paging.offset).take(paging.pageSize).getManyAndCount();
  }
}
