import { Injectable } from '@nestjs/common';
import { Caller, parseScopes, scopeEntries, TokenScope } from '@bkci/auth';
import { ThirdPartyAppEntity } from '../third-party-apps/entities/third-party-app.entity';
import { ThirdPartyAppService } from '../third-party-apps/third-party-app.service';
import { Oauth2ClientSettingsDto, PutOauth2ClientSettingsDto, toOauth2ClientSettingsDto } from './dto/oauth2-client-settings.dto';
import { GrantType, grantTypeOf } from './grant-type';
import { Oauth2ClientSettingsRepository } from './oauth2-client-settings.repository';
import { scopeOfStored } from './oauth2-scope';
import { Oauth2Error, Oauth2ErrorCode } from './oauth2.errors';

/** A third-party app as an OAuth2 client: what its settings let it do. */
export interface Oauth2Client {
  appCode: string;
  name: string;
  redirectUris: string[];
  grantTypes: GrantType[];
  /** What it may be granted; null: anything its user (or, for client_credentials, the app) may do. */
  scope: TokenScope | null;
}

/** An app nobody has set up for OAuth2 may trade its secret for a short-lived token, and nothing more. */
const UNSET: Pick<Oauth2Client, 'redirectUris' | 'grantTypes' | 'scope'> = { redirectUris: [], grantTypes: ['client_credentials'], scope: null };
/** Schemes a browser would run rather than go to. */
const SCRIPT_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:']);

/** The OAuth2 side of the app registry: administrators set what each app may do as a client. */
@Injectable()
export class Oauth2ClientService {
  constructor(
    private readonly settings: Oauth2ClientSettingsRepository,
    private readonly apps: ThirdPartyAppService,
  ) {}

  /** The app's settings; null when it has none (it may use only client_credentials). */
  async get(appCode: string): Promise<Oauth2ClientSettingsDto | null> {
    await this.apps.require(appCode);
    const row = await this.settings.get(appCode);
    return row ? toOauth2ClientSettingsDto(row) : null;
  }

  async put(caller: Caller, appCode: string, dto: PutOauth2ClientSettingsDto): Promise<Oauth2ClientSettingsDto> {
    await this.apps.require(appCode);
    const grantTypes = grantTypesOf(dto.grantTypes);
    const redirectUris = [...new Set(dto.redirectUris)];
    redirectUris.forEach(checkRedirectUri);
    if (grantTypes.includes('authorization_code') && redirectUris.length === 0) {
      throw new Oauth2Error(Oauth2ErrorCode.INVALID_SETTINGS, 'authorization_code needs at least one redirect URI in redirectUris');
    }
    const scopes = scopeEntries(parseScopes(dto.scopes ?? []));
    const now = new Date();
    const saved = await this.settings.put({
      appCode,
      redirectUris: redirectUris.join(' '),
      grantTypes: grantTypes.join(' '),
      scopes: scopes.join(' '),
      creator: caller.userId,
      createdAt: now,
      updater: caller.userId,
      updatedAt: now,
    });
    return toOauth2ClientSettingsDto(saved);
  }

  /** False when the app had no settings; without them it may use only client_credentials. */
  delete(appCode: string): Promise<boolean> {
    return this.settings.delete(appCode);
  }

  /** The registered app `appCode` as a client, for a user approving it (no secret involved). */
  async client(appCode: string): Promise<Oauth2Client> {
    return this.clientOf(await this.apps.require(appCode));
  }

  /** The app as a client, its credentials checked: INVALID_CLIENT unless `secret` is one of its active secrets. */
  async authenticatedClient(appCode: string, secret: string): Promise<Oauth2Client> {
    const app = await this.apps.verifySecret(appCode, secret);
    if (!app) throw new Oauth2Error(Oauth2ErrorCode.INVALID_CLIENT, 'The client id and secret do not match an active secret of a registered app');
    return this.clientOf(app);
  }

  private async clientOf(app: ThirdPartyAppEntity): Promise<Oauth2Client> {
    const row = await this.settings.get(app.appCode);
    const settings = row
      ? { redirectUris: listOf(row.redirectUris), grantTypes: listOf(row.grantTypes) as GrantType[], scope: scopeOfStored(row.scopes === '' ? null : row.scopes) }
      : UNSET;
    return { appCode: app.appCode, name: app.name, ...settings };
  }
}

/** UNAUTHORIZED_CLIENT unless the client may use `grantType`. */
export function assertGrantAllowed(client: Oauth2Client, grantType: GrantType): void {
  if (!client.grantTypes.includes(grantType)) {
    throw new Oauth2Error(
      Oauth2ErrorCode.UNAUTHORIZED_CLIENT,
      `Client ${client.appCode} may not use the ${grantType} grant (it may use: ${client.grantTypes.join(', ')}); an administrator allows grants in the app's OAuth2 settings`,
    );
  }
}

/** REDIRECT_URI_MISMATCH unless `redirectUri` is one of the client's, exactly. */
export function assertRedirectUriAllowed(client: Oauth2Client, redirectUri: string): void {
  if (!client.redirectUris.includes(redirectUri)) {
    throw new Oauth2Error(Oauth2ErrorCode.REDIRECT_URI_MISMATCH, `The redirect URI ${redirectUri} is not one of client ${client.appCode}'s (they are matched exactly)`);
  }
}

function grantTypesOf(names: string[]): GrantType[] {
  const grantTypes = new Set<GrantType>();
  for (const name of names) {
    const grantType = grantTypeOf(name);
    if (!grantType) {
      throw new Oauth2Error(Oauth2ErrorCode.INVALID_SETTINGS, `Unknown grant type "${name}": use authorization_code, client_credentials or refresh_token`);
    }
    grantTypes.add(grantType);
  }
  if (grantTypes.has('refresh_token') && !grantTypes.has('authorization_code')) {
    throw new Oauth2Error(Oauth2ErrorCode.INVALID_SETTINGS, 'refresh_token needs authorization_code: refresh tokens are issued only with a user\'s authorization');
  }
  return [...grantTypes];
}

/** RFC 6749 §3.1.2: an absolute URI without a fragment; not one a browser would run as a script. */
function checkRedirectUri(uri: string): void {
  let parsed: URL | null = null;
  try {
    parsed = /\s/.test(uri) ? null : new URL(uri);
  } catch {
    parsed = null;
  }
  if (!parsed || uri.includes('#') || SCRIPT_SCHEMES.has(parsed.protocol)) {
    throw new Oauth2Error(Oauth2ErrorCode.INVALID_SETTINGS, `redirectUris: "${uri}" is not an absolute URI without a fragment (such as https://portal.example.com/callback)`);
  }
}

function listOf(stored: string): string[] {
  return stored === '' ? [] : stored.split(' ');
}
