import { Inject, Injectable } from '@nestjs/common';
import { Caller, READ_SCOPE, scopeEntries, WRITE_SCOPE } from '@bkci/auth';
import { newId } from '@bkci/core';
import { OPENAPI_CONFIG, OpenapiConfig } from '../openapi.config';
import { Oauth2AuthorizationCodeDto, Oauth2AuthorizationInfoVo, Oauth2ClientQueryDto } from './dto/oauth2-authorization.dto';
import { assertGrantAllowed, assertRedirectUriAllowed, Oauth2Client, Oauth2ClientService } from './oauth2-client.service';
import { Oauth2CodeRepository } from './oauth2-code.repository';
import { grantedScope, scopeOfStored, storedScope } from './oauth2-scope';
import { hashBearerSecret, newBearerSecret } from '../bearer-secrets';
import { Oauth2Grant, Oauth2TokenService } from './oauth2-token.service';
import { Oauth2Error, Oauth2ErrorCode } from './oauth2.errors';
import { challengeMethodOf, CodeChallengeMethod, isWellFormedChallenge, verifierMatches } from './pkce';

const CODE_PREFIX = 'bkci_oac_';

/** What the user is shown for each scope entry. */
function scopeMeaning(entry: string): string {
  if (entry === READ_SCOPE) return 'Read only: see projects, pipelines, builds and logs, change nothing';
  if (entry === WRITE_SCOPE) return 'Everything you may do';
  return `Only in project ${entry.slice('project:'.length)}`;
}

/**
 * The authorization code grant's user side (BK-CI's desktop endpoints) and its exchange: a signed-in
 * user approves a client, the client trades the single-use code for tokens.
 */
@Injectable()
export class Oauth2AuthorizationService {
  constructor(
    private readonly clients: Oauth2ClientService,
    private readonly codes: Oauth2CodeRepository,
    private readonly tokens: Oauth2TokenService,
    @Inject(OPENAPI_CONFIG.token) private readonly config: OpenapiConfig,
  ) {}

  /** What the user is asked to approve: the client, and what it may be granted. */
  async information(caller: Caller, query: Oauth2ClientQueryDto): Promise<Oauth2AuthorizationInfoVo> {
    const client = await this.approvableClient(caller, query);
    const entries = client.scope ? scopeEntries(client.scope) : [WRITE_SCOPE];
    return { userName: caller.userId, clientName: client.name, icon: '', scope: Object.fromEntries(entries.map((entry) => [entry, scopeMeaning(entry)])) };
  }

  /**
   * The user approves: a code for the client, valid BKCI_OAUTH2_CODE_SECONDS, returned as BK-CI does,
   * inside the redirect URI (`<redirectUri>?code=…&state=…`) the user's browser is then sent to.
   */
  async approve(caller: Caller, query: Oauth2ClientQueryDto, dto: Oauth2AuthorizationCodeDto): Promise<string> {
    const client = await this.approvableClient(caller, query);
    const scope = grantedScope(dto.scope ?? [], client.scope);
    const challenge = challengeOf(dto);
    const code = newBearerSecret(CODE_PREFIX);
    const now = new Date();
    await this.codes.add({
      id: newId(),
      codeHash: hashBearerSecret(code),
      appCode: client.appCode,
      userId: caller.userId,
      redirectUri: query.redirectUri,
      scopes: storedScope(scope),
      codeChallenge: challenge?.challenge ?? null,
      codeChallengeMethod: challenge?.method ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.oauth2CodeSeconds * 1000),
      usedAt: null,
    });
    const redirect = new URL(query.redirectUri);
    redirect.searchParams.set('code', code);
    if (dto.state !== undefined) redirect.searchParams.set('state', dto.state);
    return redirect.toString();
  }

  /**
   * What the code stands for, using it up. A code presented a second time revokes the tokens its first
   * use issued (RFC 6749 §4.1.2): whoever replays it may have stolen it.
   */
  async redeemCode(client: Oauth2Client, code: string, codeVerifier: string | undefined, redirectUri: string | undefined): Promise<Oauth2Grant> {
    const row = code.startsWith(CODE_PREFIX) ? await this.codes.byHash(hashBearerSecret(code)) : null;
    if (!row || row.appCode !== client.appCode) throw new Oauth2Error(Oauth2ErrorCode.INVALID_GRANT, 'The authorization code is not one issued to this client');
    const now = new Date();
    if (row.usedAt || !(await this.codes.consume(row.id, now))) {
      await this.tokens.revokeFamily(row.id, now);
      throw new Oauth2Error(Oauth2ErrorCode.INVALID_GRANT, 'The authorization code was used already; the tokens issued for it are now revoked');
    }
    if (row.expiresAt <= now) throw new Oauth2Error(Oauth2ErrorCode.INVALID_GRANT, 'The authorization code has expired; ask the user to approve again');
    if (redirectUri !== undefined && redirectUri !== row.redirectUri) {
      throw new Oauth2Error(Oauth2ErrorCode.REDIRECT_URI_MISMATCH, 'redirectUri is not the redirect URI the authorization named');
    }
    checkVerifier(row.codeChallenge, row.codeChallengeMethod as CodeChallengeMethod | null, codeVerifier);
    return { appCode: client.appCode, userId: row.userId, grantType: 'authorization_code', scope: scopeOfStored(row.scopes), familyId: row.id };
  }

  /**
   * The client, when `caller` may approve it at `redirectUri`. Only the user's own credentials approve:
   * a token an app holds for a user (OAuth2) must not let that app authorize another.
   */
  private async approvableClient(caller: Caller, query: Oauth2ClientQueryDto): Promise<Oauth2Client> {
    if (caller.appCode !== null) {
      throw new Oauth2Error(Oauth2ErrorCode.APPROVAL_NEEDS_USER_CREDENTIALS, "Approving a client takes the user's own credentials, not a token an app holds");
    }
    const client = await this.clients.client(query.clientId);
    assertGrantAllowed(client, 'authorization_code');
    assertRedirectUriAllowed(client, query.redirectUri);
    return client;
  }
}

function challengeOf(dto: Oauth2AuthorizationCodeDto): { challenge: string; method: CodeChallengeMethod } | null {
  if (dto.codeChallenge === undefined) {
    if (dto.codeChallengeMethod !== undefined) throw new Oauth2Error(Oauth2ErrorCode.CODE_CHALLENGE_INVALID, 'codeChallengeMethod was given without a codeChallenge');
    return null;
  }
  const method = challengeMethodOf(dto.codeChallengeMethod);
  if (!method) throw new Oauth2Error(Oauth2ErrorCode.CODE_CHALLENGE_INVALID, `codeChallengeMethod must be S256 or plain (got "${dto.codeChallengeMethod}")`);
  if (!isWellFormedChallenge(dto.codeChallenge)) {
    throw new Oauth2Error(Oauth2ErrorCode.CODE_CHALLENGE_INVALID, 'codeChallenge must be 43 to 128 characters of A-Z, a-z, 0-9, "-", ".", "_", "~" (RFC 7636)');
  }
  return { challenge: dto.codeChallenge, method };
}

/** PKCE_FAILED unless the verifier answers the code's challenge; a verifier for a code without one is refused too. */
function checkVerifier(challenge: string | null, method: CodeChallengeMethod | null, verifier: string | undefined): void {
  if (challenge === null || method === null) {
    if (verifier !== undefined) throw new Oauth2Error(Oauth2ErrorCode.PKCE_FAILED, 'codeVerifier was sent, but the authorization named no codeChallenge');
    return;
  }
  if (verifier === undefined) throw new Oauth2Error(Oauth2ErrorCode.PKCE_FAILED, 'The authorization named a codeChallenge: send its codeVerifier');
  if (!verifierMatches(verifier, challenge, method)) throw new Oauth2Error(Oauth2ErrorCode.PKCE_FAILED, `codeVerifier does not match the authorization's ${method} codeChallenge`);
}
