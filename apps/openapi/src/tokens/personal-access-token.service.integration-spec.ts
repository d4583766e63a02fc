import { GATEWAY_ISSUER, TokenScopeError } from '@bkci/auth';
import { TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { openapiApp } from '../openapi.app';
import { PersonalAccessTokenEntity } from './entities/personal-access-token.entity';
import { PersonalAccessTokenService } from './personal-access-token.service';
import { TokenError } from './token.errors';

const ADMIN = { userId: 'admin', issuer: GATEWAY_ISSUER, appCode: null, admin: true };

/** The token service on the profile's database, with the gateway's default lifetimes (90 days, at most 365). */
describe('PersonalAccessTokenService', () => {
  const env = new TestEnvironment();
  let dataSource: DataSource;
  let tokens: PersonalAccessTokenService;

  const setExpiry = (id: string, expiresAt: Date | null) => dataSource.manager.update(PersonalAccessTokenEntity, { id }, { expiresAt });

  beforeAll(async () => {
    const openapi = await env.start(openapiApp);
    dataSource = openapi.app.get(DataSource);
    tokens = openapi.app.get(PersonalAccessTokenService);
  });

  afterAll(() => env.close());

  it('honours a token until its expiry and refuses it from then on', async () => {
    const created = await tokens.create(ADMIN, 'alice', { name: 'cli' });
    expect(await tokens.holderOf(created.token)).toEqual({ userId: 'alice', scope: null });

    await setExpiry(created.id, new Date(Date.now() + 60_000));
    expect(await tokens.holderOf(created.token)).not.toBeNull();
    await setExpiry(created.id, new Date(Date.now() - 1000));
    expect(await tokens.holderOf(created.token)).toBeNull();
  });

  it('still honours a token made before tokens expired by default (no expiry stored)', async () => {
    const created = await tokens.create(ADMIN, 'alice', { name: 'old' });
    await setExpiry(created.id, null);

    expect(await tokens.holderOf(created.token)).toEqual({ userId: 'alice', scope: null });
  });

  it('refuses a revoked token, and an unknown one', async () => {
    const created = await tokens.create(ADMIN, 'bob', { name: 'cli' });
    await tokens.revoke('bob', created.id);

    expect(await tokens.holderOf(created.token)).toBeNull();
    expect(await tokens.holderOf(`${created.token}x`)).toBeNull();
    await expect(tokens.revoke('bob', created.id)).rejects.toBeInstanceOf(TokenError);
  });

  it('gives the holder the scope stored with the token', async () => {
    const created = await tokens.create(ADMIN, 'carol', { name: 'ro', scopes: ['project:demo', 'read'] });

    expect(created.scopes).toEqual(['read', 'project:demo']);
    expect(await tokens.holderOf(created.token)).toEqual({ userId: 'carol', scope: { readOnly: true, projects: ['demo'] } });
    await expect(tokens.create(ADMIN, 'carol', { name: 'bad', scopes: ['everything'] })).rejects.toBeInstanceOf(TokenScopeError);
  });

  it('refuses a lifetime past the maximum, and stores nothing', async () => {
    const error = await tokens.create(ADMIN, 'dan', { name: 'long', expiresInDays: 366 }).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: 2112102, httpStatus: 400, message: 'expiresInDays may be at most 365 (got 366)' });
    expect(await tokens.list('dan')).toEqual([]);
  });
});
