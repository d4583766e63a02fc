import { Injectable } from '@nestjs/common';
import { Paging } from '@bkci/core';
import { DataSource, FindOptionsWhere, In, LessThanOrEqual } from 'typeorm';
import { CertificateEntity, CertType } from './entities/certificate.entity';

/** What a certificate list is narrowed to: `codes` null means every certificate of the project. */
export interface CertificateFilter {
  codes: string[] | null;
  certType?: CertType;
  /** Only those expiring by then, soonest first (otherwise newest first). */
  expiringBefore?: Date;
}

/** Reads and writes of the certificate table; every row is named by its project and certificate id. */
@Injectable()
export class CertificateRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a new certificate; a duplicate id surfaces as the database's unique violation. */
  async add(row: CertificateEntity): Promise<void> {
    await this.dataSource.manager.insert(CertificateEntity, row);
  }

  byId(projectId: string, certId: string): Promise<CertificateEntity | null> {
    return this.dataSource.manager.findOneBy(CertificateEntity, { projectId, certId });
  }

  /** Whether a row was deleted. */
  async remove(projectId: string, certId: string): Promise<boolean> {
    const result = await this.dataSource.manager.delete(CertificateEntity, { projectId, certId });
    return !!result.affected;
  }

  /** Replaces the row with `next` only if it is still at `current.revision`; false when it changed meanwhile. */
  async compareAndSet(current: CertificateEntity, next: CertificateEntity): Promise<boolean> {
    const result = await this.dataSource.manager.update(CertificateEntity, { projectId: current.projectId, certId: current.certId, revision: current.revision }, next);
    return !!result.affected;
  }

  page(projectId: string, filter: CertificateFilter, paging: Paging): Promise<[CertificateEntity[], number]> {
    const where: FindOptionsWhere<CertificateEntity> = { projectId };
    if (filter.codes !== null) where.certId = In(filter.codes);
    if (filter.certType) where.certType = filter.certType;
    if (filter.expiringBefore) where.expiresAt = LessThanOrEqual(filter.expiringBefore);
    return this.dataSource.manager.findAndCount(CertificateEntity, {
      where,
      order: filter.expiringBefore ? { expiresAt: 'ASC', certId: 'ASC' } : { createdAt: 'DESC', certId: 'ASC' },
      skip: paging.offset,
      take: paging.pageSize,
    });
  }
}
