import { Injectable } from '@nestjs/common';
import { Paging } from '@bkci/core';
import { DataSource } from 'typeorm';
import { CredentialAuditEntity } from './entities/credential-audit.entity';

/** The audit table of plaintext reads: appended to, never changed. */
@Injectable()
export class CredentialAuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async add(row: CredentialAuditEntity): Promise<void> {
    await this.dataSource.manager.insert(CredentialAuditEntity, row);
  }

  /** A page of the project's reads (of one credential, when named), newest first. */
  page(projectId: string, credentialId: string | undefined, paging: Paging): Promise<[CredentialAuditEntity[], number]> {
    return this.dataSource.manager.findAndCount(CredentialAuditEntity, {
      where: { projectId, ...(credentialId === undefined ? {} : { credentialId }) },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: paging.offset,
      take: paging.pageSize,
    });
  }

  /** Every read a build made (one row per read, so a credential may repeat). */
  readsByBuild(buildId: string): Promise<Array<Pick<CredentialAuditEntity, 'projectId' | 'credentialId'>>> {
    return this.dataSource.manager.find(CredentialAuditEntity, { where: { buildId, readerType: 'BUILD' }, select: { projectId: true, credentialId: true } });
  }
}
