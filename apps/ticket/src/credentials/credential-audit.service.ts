import { Injectable } from '@nestjs/common';
import { newId, Page, PageQueryDto, resolvePaging, toPage } from '@bkci/core';
import { CredentialAuditRepository } from './credential-audit.repository';
import { CredentialAuditEntity } from './entities/credential-audit.entity';

/** Who read a credential's plaintext: a user, a build (with the build and its project), or another app on a user's behalf. */
export interface PlaintextReader {
  readerType: 'USER' | 'BUILD' | 'SERVICE';
  userId: string;
  buildId: string | null;
  buildProjectId: string | null;
  serviceName: string | null;
  requestId: string | null;
  clientIp: string | null;
}

/** The audit trail of plaintext reads. */
@Injectable()
export class CredentialAuditService {
  constructor(private readonly audits: CredentialAuditRepository) {}

  async record(projectId: string, credentialId: string, reader: PlaintextReader): Promise<void> {
    await this.audits.add({ id: newId(), projectId, credentialId, ...reader, createdAt: new Date() });
  }

  async list(projectId: string, credentialId: string | undefined, query: PageQueryDto): Promise<Page<CredentialAuditEntity>> {
    const paging = resolvePaging(query);
    const [records, count] = await this.audits.page(projectId, credentialId, paging);
    return toPage(records, count, paging);
  }

  /** The credentials a build has read, across projects: what the log must mask for it. */
  async readByBuild(buildId: string): Promise<Array<{ projectId: string; credentialId: string }>> {
    const rows = await this.audits.readsByBuild(buildId);
    const unique = new Map(rows.map((row) => [`${row.projectId}/${row.credentialId}`, { projectId: row.projectId, credentialId: row.credentialId }]));
    return [...unique.values()];
  }
}
