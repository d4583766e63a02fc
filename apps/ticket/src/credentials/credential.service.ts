import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Caller } from '@bkci/auth';
import { Page, resolvePaging, toPage } from '@bkci/core';
import { containing, containsPattern, isUniqueViolation, LIKE_ESCAPE } from '@bkci/persistence';
import { FindOptionsWhere, In, Repository } from 'typeorm';
import { validateTicketId } from '../ticket-ids';
import { ResourcePermissions, TicketResources } from '../ticket-resources';
import { TicketError, TicketErrorCode } from '../ticket.errors';
import { SecretVault } from '../crypto/secret-vault';
import { CredentialSlots, CredentialType, SLOT_NAMES, slotsOf, validateSlots } from './credential-types';
import { CreateCredentialDto, CredentialSummary, CredentialView, HasPermissionListDto, ListCredentialsDto, UpdateCredentialDto } from './dto/credential.dto';
import { CredentialEntity } from './entities/credential.entity';

/** BK-CI's "mixer": shown for every stored secret, and sent back on update for "unchanged". */
export const MASK = '******';

/** Creating, changing, deleting and listing credentials; values stay sealed (plaintext reads are CredentialReader's). */
@Injectable()
export class CredentialService {
  constructor(
    private readonly vault: SecretVault,
    private readonly resources: TicketResources,
    @InjectRepository(CredentialEntity) private readonly credentials: Repository<CredentialEntity>,
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
      await this.credentials.insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new TicketError(TicketErrorCode.CREDENTIAL_EXISTS, `Credential ${dto.credentialId} already exists in ${projectId}`, { credentialId: dto.credentialId });
      throw error;
    }
    await this.resources.registerCreated(projectId, 'credential', dto.credentialId, caller.userId, () => this.credentials.delete({ projectId, credentialId: dto.credentialId }));
    return this.view(row, { view: true, edit: true, delete: true, use: true });
  }

  /** Replaces the values; a slot sent as the mask or left empty keeps what is stored. */
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
      credentialName: dto.credentialName ?? row.credentialName,
      credentialType: dto.credentialType,
      remark: dto.credentialRemark ?? row.remark,
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
    const result = await this.credentials.delete({ projectId, credentialId });
    if (!result.affected) throw notFound(projectId, credentialId);
    await this.resources.forgetDeleted(projectId, 'credential', credentialId, caller.userId);
  }

  async get(caller: Caller, projectId: string, credentialId: string): Promise<CredentialView> {
    const row = await this.require(projectId, credentialId);
    return this.view(row, await this.resources.permissionsOn(caller, projectId, 'credential', credentialId));
  }

  /** The credentials the caller may list (all with a project-wide grant, else those granted one by one). */
  async list(caller: Caller, projectId: string, query: ListCredentialsDto): Promise<Page<CredentialView>> {
    const { listable, permissionsOn } = await this.resources.forPage(caller, projectId, 'credential');
    const where: FindOptionsWhere<CredentialEntity> = { projectId };
    if (listable !== null) where.credentialId = In(listable);
    if (query.credentialTypes?.length) where.credentialType = In(query.credentialTypes);
    if (query.keyword) where.credentialName = containing(query.keyword);
    const paging = resolvePaging(query);
    const [rows, count] = await this.credentials.findAndCount({ where, order: { createdAt: 'DESC', credentialId: 'ASC' }, skip: paging.offset, take: paging.pageSize });
    return toPage(rows.map((row) => this.view(row, permissionsOn(row.credentialId))), count, paging);
  }

  /** BK-CI hasPermissionList: the credentials the caller may do `permission` on, newest first; none is an empty page. */
  async listWithPermission(caller: Caller, projectId: string, query: HasPermissionListDto): Promise<Page<CredentialSummary>> {
    const paging = resolvePaging(query);
    const codes = await this.resources.allowedCodes(caller, projectId, 'credential', query.permission);
    if (codes !== null && codes.length === 0) return toPage([], 0, paging);
    const builder = this.credentials.createQueryBuilder('c').where('c.projectId = :projectId', { projectId });
    if (codes !== null) builder.andWhere('c.credentialId IN (:...codes)', { codes });
    if (query.credentialTypes?.length) builder.andWhere('c.credentialType IN (:...types)', { types: query.credentialTypes });
    if (query.keyword) builder.andWhere(`(c.credentialId LIKE :pattern ESCAPE '${LIKE_ESCAPE}' OR c.remark LIKE :pattern ESCAPE '${LIKE_ESCAPE}')`, { pattern: containsPattern(query.keyword) });
    const [rows, count] = await builder.orderBy('c.createdAt', 'DESC').addOrderBy('c.credentialId', 'ASC').skip(paging.offset).take(paging.pageSize).getManyAndCount();
    return toPage(rows.map(summaryOf), count, paging);
  }

  async require(projectId: string, credentialId: string): Promise<CredentialEntity> {
    const row = await this.credentials.findOneBy({ projectId, credentialId });
    if (!row) throw notFound(projectId, credentialId);
    return row;
  }

  private async compareAndSet(row: CredentialEntity, next: Partial<CredentialEntity>): Promise<void> {
    const result = await this.credentials.update({ projectId: row.projectId, credentialId: row.credentialId, revision: row.revision }, { ...next, revision: row.revision + 1 });
    if (!result.affected) throw new TicketError(TicketErrorCode.CONCURRENT_UPDATE, `Credential ${row.credentialId} changed meanwhile; reload it and try again`);
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

/** The slots given; null or an empty string counts as not given. Slots a type does not use are kept, so validation names them. */
function pickSlots(values: Partial<Record<(typeof SLOT_NAMES)[number], string | null>>): CredentialSlots {
  const slots: CredentialSlots = {};
  for (const slot of SLOT_NAMES) {
    const value = values[slot];
    if (value !== undefined && value !== null && value !== '') slots[slot] = value;
  }
  return slots;
}

function filled(slots: CredentialSlots): string[] {
  return SLOT_NAMES.filter((slot) => slots[slot] !== undefined);
}

function notFound(projectId: string, credentialId: string): TicketError {
  return new TicketError(TicketErrorCode.CREDENTIAL_NOT_FOUND, `Credential ${credentialId} does not exist in ${projectId}`, { credentialId });
}
