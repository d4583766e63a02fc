import { Injectable } from '@nestjs/common';
import { BuildContext, Caller, PermissionChecker, RequestOrigin } from '@bkci/auth';
import { TicketError, TicketErrorCode } from '../ticket.errors';
import { CredentialAuditService, PlaintextReader } from './credential-audit.service';
import { CredentialRepository } from './credential.repository';
import { CredentialService } from './credential.service';
import { SecretVault } from '../crypto/secret-vault';
import { CredentialSlots, CredentialType, keyNamesOf, SLOT_NAMES } from './credential-types';
import { CredentialPlaintext } from './dto/credential.dto';
import { CredentialEntity } from './entities/credential.entity';

/** Where a request came from, for the audit trail (the type lives with the service token that carries it). */
export type { RequestOrigin };

/**
 * Every plaintext read, by a user or by a build, goes through here: the audit row is written
 * first, so no plaintext leaves without a record.
 */
@Injectable()
export class CredentialReader {
  constructor(
    private readonly credentials: CredentialService,
    private readonly vault: SecretVault,
    private readonly audits: CredentialAuditService,
    private readonly permissions: PermissionChecker,
    private readonly rows: CredentialRepository,
  ) {}

  /** BK-CI …/show: a person reading a value needs both view and use on the credential. */
  async readAsUser(caller: Caller, projectId: string, credentialId: string, origin: RequestOrigin): Promise<CredentialPlaintext> {
    await this.permissions.assertAllowed(caller, projectId, 'credential_use', credentialId);
    const row = await this.credentials.require(projectId, credentialId);
    return this.read(row, { readerType: 'USER', userId: caller.userId, buildId: null, buildProjectId: null, serviceName: null, ...origin });
  }

  /** Another app reading a value for its own work (BK-CI serviceGet, e.g. a repository's access token), on a user's behalf. */
  async readAsService(caller: Caller, projectId: string, credentialId: string, origin: RequestOrigin): Promise<CredentialPlaintext> {
    const row = await this.credentials.require(projectId, credentialId);
    return this.read(row, { readerType: 'SERVICE', userId: caller.userId, buildId: null, buildProjectId: null, serviceName: caller.issuer, ...origin });
  }

  /** A build reading a credential of its own project. */
  async readAsBuild(build: BuildContext, credentialId: string, origin: RequestOrigin): Promise<CredentialPlaintext> {
    const row = await this.credentials.require(build.projectId, credentialId);
    return this.read(row, buildReader(build, origin));
  }

  /** A build reading another project's credential, which that project must have opened to others. */
  async readAcrossAsBuild(build: BuildContext, targetProjectId: string, credentialId: string, origin: RequestOrigin): Promise<CredentialPlaintext> {
    const row = await this.credentials.require(targetProjectId, credentialId);
    if (!row.allowAcrossProject && targetProjectId !== build.projectId) {
      throw new TicketError(TicketErrorCode.NOT_ACROSS_PROJECT, `Credential ${credentialId} of project ${targetProjectId} does not allow use from other projects`, { credentialId });
    }
    return this.read(row, buildReader(build, origin));
  }

  /**
   * The secret values a build has read, each also base64- and URL-encoded, longest first: what the
   * log app masks in that build's output. Reading them here is not a new plaintext read by anyone.
   */
  async sensitiveValues(buildId: string): Promise<string[]> {
    const values = new Set<string>();
    const read = await this.audits.readByBuild(buildId);
    for (const row of await this.rows.byKeys(read)) {
      const slots = this.vault.open<CredentialSlots>('credential', row.projectId, row.credentialId, row);
      for (const slot of SLOT_NAMES) {
        const value = slots[slot];
        if (value === undefined) continue;
        values.add(value);
        values.add(Buffer.from(value, 'utf8').toString('base64'));
        values.add(encodeURIComponent(value));
      }
    }
    return [...values].sort((a, b) => b.length - a.length);
  }

  private async read(row: CredentialEntity, reader: PlaintextReader): Promise<CredentialPlaintext> {
    const slots = this.vault.open<CredentialSlots>('credential', row.projectId, row.credentialId, row);
    await this.audits.record(row.projectId, row.credentialId, reader);
    const type = row.credentialType as CredentialType;
    const keys = keyNamesOf(type);
    const values = Object.fromEntries(SLOT_NAMES.filter((slot) => slots[slot] !== undefined && keys[slot]).map((slot) => [keys[slot], slots[slot] as string]));
    return { credentialId: row.credentialId, credentialType: type, v1: slots.v1 ?? null, v2: slots.v2 ?? null, v3: slots.v3 ?? null, v4: slots.v4 ?? null, values };
  }
}

function buildReader(build: BuildContext, origin: RequestOrigin): PlaintextReader {
  return { readerType: 'BUILD', userId: build.userId, buildId: build.buildId, buildProjectId: build.projectId, serviceName: null, ...origin };
}
