import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { newId } from '@bkci/core';
import { hashBearerSecret, newBearerSecret } from '../bearer-secrets';
import { AppDto, CreateAppDto, CreatedAppDto, CreatedAppSecretDto, toAppDto, toAppSecretDto } from './dto/third-party-app.dto';
import { ThirdPartyAppSecretEntity } from './entities/third-party-app-secret.entity';
import { ThirdPartyAppEntity } from './entities/third-party-app.entity';
import { ThirdPartyAppError, ThirdPartyAppErrorCode } from './third-party-app.errors';
import { ThirdPartyAppRepository } from './third-party-app.repository';

const SECRET_PREFIX = 'bkci_app_';
/** Two, so a secret can be rotated without downtime: add the new one, switch the clients, revoke the old one. */
export const MAX_ACTIVE_SECRETS = 2;
/** lastUsedAt is informational; writing it on every call would turn reads into writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The registry of third-party apps and their secrets; system administrators manage it. */
@Injectable()
export class ThirdPartyAppService {
  constructor(private readonly apps: ThirdPartyAppRepository) {}

  async create(caller: Caller, dto: CreateAppDto): Promise<CreatedAppDto> {
    const now = new Date();
    const app: ThirdPartyAppEntity = {
      appCode: dto.appCode,
      name: dto.name,
      description: dto.description ?? '',
      activeSecrets: 1,
      creator: caller.userId,
      createdAt: now,
    };
    const { row, secret } = newSecret(caller, dto.appCode, now);
    if (!(await this.apps.addWithSecret(app, row))) {
      throw new ThirdPartyAppError(ThirdPartyAppErrorCode.APP_CODE_TAKEN, `An app with code ${dto.appCode} exists already`);
    }
    return { ...toAppDto(app, [row]), secret };
  }

  async list(): Promise<AppDto[]> {
    const apps = await this.apps.all();
    const secrets = await this.apps.secretsOf(apps.map((app) => app.appCode));
    return apps.map((app) => toAppDto(app, secrets.filter((secret) => secret.appCode === app.appCode)));
  }

  async get(appCode: string): Promise<AppDto> {
    const app = await this.require(appCode);
    return toAppDto(app, await this.apps.secretsOf([appCode]));
  }

  /** The app, or APP_NOT_FOUND. */
  async require(appCode: string): Promise<ThirdPartyAppEntity> {
    const app = await this.apps.byCode(appCode);
    if (!app) throw new ThirdPartyAppError(ThirdPartyAppErrorCode.APP_NOT_FOUND, `No app with code ${appCode}`);
    return app;
  }

  /** Deletes the app, its secrets (calls with them stop at once) and its project bindings. */
  async delete(appCode: string): Promise<void> {
    if (!(await this.apps.delete(appCode))) throw new ThirdPartyAppError(ThirdPartyAppErrorCode.APP_NOT_FOUND, `No app with code ${appCode}`);
  }

  async addSecret(caller: Caller, appCode: string): Promise<CreatedAppSecretDto> {
    const { row, secret } = newSecret(caller, appCode, new Date());
    const added = await this.apps.addSecret(row, MAX_ACTIVE_SECRETS);
    if (added === 'no-app') throw new ThirdPartyAppError(ThirdPartyAppErrorCode.APP_NOT_FOUND, `No app with code ${appCode}`);
    if (added === 'at-limit') {
      throw new ThirdPartyAppError(
        ThirdPartyAppErrorCode.TOO_MANY_ACTIVE_SECRETS,
        `App ${appCode} has ${MAX_ACTIVE_SECRETS} active secrets already; revoke one before adding another`,
      );
    }
    return { ...toAppSecretDto(row), secret };
  }

  async revokeSecret(appCode: string, secretId: string): Promise<void> {
    if (!(await this.apps.revokeSecret(appCode, secretId, new Date()))) {
      throw new ThirdPartyAppError(ThirdPartyAppErrorCode.SECRET_NOT_FOUND, `App ${appCode} has no active secret ${secretId}`);
    }
  }

  /**
   * The app whose active secret `secret` is, or null when the code and the secret do not go
   * together (unknown, revoked, or another app's). Every way in for an app (app-mode calls, OAuth2
   * clients) checks its credentials here.
   */
  async verifySecret(appCode: string, secret: string): Promise<ThirdPartyAppEntity | null> {
    if (!secret.startsWith(SECRET_PREFIX)) return null;
    const row = await this.apps.secretByHash(hashBearerSecret(secret));
    if (!row || row.revokedAt || row.appCode !== appCode) return null;
    const app = await this.apps.byCode(appCode);
    if (!app) return null;
    const now = new Date();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) await this.apps.markSecretUsed(row.id, now);
    return app;
  }
}

function newSecret(caller: Caller, appCode: string, now: Date): { row: ThirdPartyAppSecretEntity; secret: string } {
  const secret = newBearerSecret(SECRET_PREFIX);
  const row: ThirdPartyAppSecretEntity = {
    id: newId(),
    appCode,
    secretHash: hashBearerSecret(secret),
    secretPrefix: secret.slice(0, 16),
    creator: caller.userId,
    createdAt: now,
    lastUsedAt: null,
    revokedAt: null,
  };
  return { row, secret };
}
