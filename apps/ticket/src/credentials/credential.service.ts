import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { Page, resolvePaging, toPage } from '@bkci/core';
import { isUniqueViolation } from '@bkci/persistence';
import { validateTicketId } from '../ticket-ids';
import { ProjectResources, ResourcePermissions } from '@bkci/platform';
import { TicketError, TicketErrorCode } from '../ticket.errors';
import { SecretVault } from '../crypto/secret-vault';
import { CredentialSlots, CredentialType, SLOT_NAMES, slotsOf, validateSlots } from './credential-types';
import { CreateCredentialDto, CredentialSummary, CredentialView, HasPermissionListDto, ListCredentialsDto, UpdateCredentialDto } from './dto/credential.dto';
import { CredentialRepository } from './credential.repository';
import { CredentialEntity } from './entities/credential.entity';

/** BK-CI's "mixer": shown for every stored secret, and sent back on update for "unchanged". */
export const MASK = '******';

/** Creating, changing, deleting and listing credentials; values stay sealed (plaintext reads are CredentialReader's). */
@Injectable()
export class CredentialService {
  constructor(
    private readonly vault: SecretVault,
    private readonly resources: ProjectResources,
    private readonly credentials: CredentialRepository,
  ) {}

  /** Stores the credential and makes its creator its manager; if that fails, nothing is kept. */
  async create(caller: Caller, projectId: string, dto: CreateCredentialDto): Promise<CredentialView> {
    validateTicketId('credentialId', dto.credentialId);
    const slots = pickSlots(dto);
    validateSlots(dto.credentialType, slots);
    const now = new Date();
    const row: CredentialEntity = {
      projectId,
      credentialId: dto.credentialId,
      credentialName: dto.credentialName ?? dto.credentialId,
      credentialType: dto.credentialType,
      remark: dto.credentialRemark ?? '',
      allowAcrossProject: false,
      filledSlots: filled(slots),
      ...this.vault.seal('credential', projectId, dto.credentialId, slots),
      revision: 0,
      creator: caller.userId,
      updater: caller.userId,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.credentials.add(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new TicketError(TicketErrorCode.CREDENTIAL_EXISTS, `Credential ${dto.credentialId} already exists in ${projectId}`, { credentialId: dto.credentialId });
      throw error;
    }
    await this.resources.registerCreated(projectId, 'credential', dto.credentialId, caller.userId, () => this.credentials.remove(projectId, dto.credentialId));
    return this.view(row, { view: true, edit: true, delete: true, use: true });
  }

  /** Replaces name, remark and values, as BK-CI does; a slot sent as the mask or left empty keeps what is stored. */
  async update(caller: Caller, projectId: string, credentialId: string, dto: UpdateCredentialDto): Promise<CredentialView> {
    const row = await this.require(projectId, credentialId);
    const stored = this.vault.open<CredentialSlots>('credential', projectId, credentialId, row);
    const slots = pickSlots(dto);
    const used = slotsOf(dto.credentialType);
    for (const slot of SLOT_NAMES) {
      if (slots[slot] !== undefined && slots[slot] !== MASK) continue;
      if (used.includes(slot)) slots[slot] = stored[slot];
      else delete slots[slot];
    }
    validateSlots(dto.credentialType, slots);
    const next: Partial<CredentialEntity> = {
      credentialName: dto.credentialName ?? credentialId,
      credentialType: dto.credentialType,
      remark: dto.credentialRemark ?? '',
      filledSlots: filled(slots),
      ...this.vault.seal('credential', projectId, credentialId, slots),
      updater: caller.userId,
      updatedAt: new Date(),
    };
    await this.compareAndSet(row, next);
    return this.view({ ...row, ...next, revision: row.revision + 1 }, await this.resources.permissionsOn(caller, projectId, 'credential', credentialId));
  }

  async setAllowAcrossProject(caller: Caller, projectId: string, credentialId: string, allowAcrossProject: boolean): Promise<void> {
    const row = await this.require(projectId, credentialId);
    await this.compareAndSet(row, { allowAcrossProject, updater: caller.userId, updatedAt: new Date() });
  }

  /** Deletes the credential, then every grant on it (a leftover grant names nothing and is dropped on the next create). */
  async delete(caller: Caller, projectId: string, credentialId: string): Promise<void> {
    if (!(await this.credentials.remove(projectId, credentialId))) throw notFound(projectId, credentialId);
    await this.resources.forgetDeleted(projectId, 'credential', credentialId, caller.userId);
  }

  async get(caller: Caller, projectId: string, credentialId: string): Promise<CredentialView> {
    const row = await this.require(projectId, credentialId);
    return this.view(row, await this.resources.permissionsOn(caller, projectId, 'credential', credentialId));
  }

  /** The credentials the caller may list (all with a project-wide grant, else those granted one by one). */
  async list(caller: Caller, projectId: string, query: ListCredentialsDto): Promise<Page<CredentialView>> {
    const { listable, permissionsOn } = await this.resources.forList(caller, projectId, 'credential');
    const paging = resolvePaging(query);
    const [rows, count] = await this.credentials.pageByName(projectId, { codes: listable, types: query.credentialTypes, keyword: query.keyword }, paging);
    return toPage(rows.map((row) => this.view(row, permissionsOn(row.credentialId))), count, paging);
  }

  /** BK-CI hasPermissionList: the credentials the caller may do `permission` on, newest first; none is an empty page. */
  async listWithPermission(caller: Caller, projectId: string, query: HasPermissionListDto): Promise<Page<CredentialSummary>> {
    const paging = resolvePaging(query);
    const codes = await this.resources.allowedCodes(caller, projectId, 'credential', query.permission);
    if (codes !== null && codes.length === 0) return toPage([], 0, paging);
    const [rows, count] = await this.credentials.pageByIdOrRemark(projectId, { codes, types: query.credentialTypes, keyword: query.keyword }, paging);
    return toPage(rows.map(summaryOf), count, paging);
  }

  async require(projectId: string, credentialId: string): Promise<CredentialEntity> {
    const row = await this.credentials.byId(projectId, credentialId);
    if (!row) throw notFound(projectId, credentialId);
    return row;
  }

  private async compareAndSet(row: CredentialEntity, next: Partial<CredentialEntity>): Promise<void> {
    if (!(await this.credentials.compareAndSet(row, next))) throw new TicketError(TicketErrorCode.CONCURRENT_UPDATE, `Credential ${row.credentialId} changed meanwhile; reload it and try again`);
  }

  private view(row: CredentialEntity, permissions: ResourcePermissions): CredentialView {
    return { projectId: row.projectId, ...summaryOf(row), permissions, allowAcrossProject: row.allowAcrossProject, createTime: row.createdAt.getTime() };
  }
}

/** A credential with its stored values masked. */
function summaryOf(row: CredentialEntity): CredentialSummary {
  const masked = (slot: (typeof SLOT_NAMES)[number]) => (row.filledSlots.includes(slot) ? MASK : null);
  return {
    credentialId: row.credentialId,
    credentialName: row.credentialName,
    credentialType: row.credentialType as CredentialType,
    credentialRemark: row.remark,
    v1: masked('v1'),
    v2: masked('v2'),
    v3: masked('v3'),
    v4: masked('v4'),
    createUser: row.creator,
    updateUser: row.updater,
    updatedTime: row.updatedAt.getTime(),
  };
}

/** The slots given (the validation pipe has already taken null and "" as not given). Slots a type does not use are kept, so validation names them. */
function pickSlots(values: Partial<Record<(typeof SLOT_NAMES)[number], string>>): CredentialSlots {
  const slots: CredentialSlots = {};
  for (const slot of SLOT_NAMES) {
    const value = values[slot];
    if (value !== undefined) slots[slot] = value;
  }
  return slots;
}

function filled(slots: CredentialSlots): string[] {
  return SLOT_NAMES.filter((slot) => slots[slot] !== undefined);
}

function notFound(projectId: string, credentialId: string): TicketError {
  return new TicketError(TicketErrorCode.CREDENTIAL_NOT_FOUND, `Credential ${credentialId} does not exist in ${projectId}`, { credentialId });
}
