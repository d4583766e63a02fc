import { createHmac } from 'node:crypto';
import { Caller } from './caller';
import { ServiceTokens } from './service-token';

const SECRET = 'a'.repeat(32);
const START = 1_700_000_000_000;
const TTL = 300;

function encode(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** A token signed with the right secret whose payload is whatever the test wants. */
function signRaw(payload: string, secret = SECRET): string {
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${payload}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('ServiceTokens', () => {
  let now: number;
  let tokens: ServiceTokens;

  beforeEach(() => {
    now = START;
    tokens = new ServiceTokens(SECRET, TTL, () => now);
  });

  it('round-trips user, issuer, app code and admin flag', () => {
    const caller: Caller = { userId: 'alice', issuer: 'openapi', appCode: 'my-app', admin: true };

    expect(tokens.verify(tokens.sign(caller))).toEqual(caller);
  });

  it('round-trips a plain user without app code or admin flag', () => {
    const caller: Caller = { userId: 'bob@example.com', issuer: 'process', appCode: null, admin: false };

    expect(tokens.verify(tokens.sign(caller))).toEqual(caller);
  });

  it('round-trips the build the gateway verified', () => {
    const caller: Caller = { userId: 'alice', issuer: 'openapi', appCode: null, admin: false, build: { projectId: 'demo', pipelineId: 'p-1', buildId: 'b-1' } };

    expect(tokens.verify(tokens.sign(caller))).toEqual(caller);
    expect(tokens.verify(tokens.sign(caller))?.build).not.toHaveProperty('vmSeqId');
  });

  it('round-trips the job a job token names, and drops a malformed job claim', () => {
    const caller: Caller = { userId: 'alice', issuer: 'openapi', appCode: null, admin: false, build: { projectId: 'demo', pipelineId: 'p-1', buildId: 'b-1', vmSeqId: '2' } };

    expect(tokens.verify(tokens.sign(caller))?.build).toStrictEqual({ projectId: 'demo', pipelineId: 'p-1', buildId: 'b-1', vmSeqId: '2' });
    const iat = Math.floor(now / 1000);
    const malformed = signRaw(encode({ iss: 'openapi', sub: 'alice', iat, exp: iat + TTL, bld: { projectId: 'demo', pipelineId: 'p-1', buildId: 'b-1', vmSeqId: 2 } }));
    expect(tokens.verify(malformed)?.build).toStrictEqual({ projectId: 'demo', pipelineId: 'p-1', buildId: 'b-1' });
  });

  it('round-trips the agent the gateway verified, and drops a malformed agent claim', () => {
    const caller: Caller = { userId: '', issuer: 'openapi', appCode: null, admin: false, agent: { projectId: 'demo', agentId: 'abcdefgh', host: 'build-01#0123456789abcdef' } };

    expect(tokens.verify(tokens.sign(caller))).toEqual(caller);
    const iat = Math.floor(now / 1000);
    const malformed = signRaw(encode({ iss: 'openapi', sub: '', iat, exp: iat + TTL, agt: { projectId: 'demo', agentId: 7 } }));
    expect(tokens.verify(malformed)).toEqual({ userId: '', issuer: 'openapi', appCode: null, admin: false });
  });

  it('round-trips the scope of a limited token, and none for an unlimited one', () => {
    const readOnly: Caller = { userId: 'alice', issuer: 'openapi', appCode: null, admin: false, scope: { readOnly: true, projects: null } };
    const projects: Caller = { userId: 'alice', issuer: 'openapi', appCode: null, admin: false, scope: { readOnly: false, projects: ['a1', 'b1'] } };

    expect(tokens.verify(tokens.sign(readOnly))).toEqual(readOnly);
    expect(tokens.verify(tokens.sign(projects))).toEqual(projects);
    expect(tokens.verify(tokens.sign({ userId: 'alice', issuer: 'openapi', appCode: null, admin: false }))).not.toHaveProperty('scope');
  });

  it('refuses a token whose scope was removed or widened', () => {
    const token = tokens.sign({ userId: 'alice', issuer: 'openapi', appCode: null, admin: false, scope: { readOnly: true, projects: ['a1'] } });
    const [header, payload, signature] = token.split('.');
    const { scp, ...claims } = JSON.parse(Buffer.from(payload, 'base64url').toString());

    expect(scp).toEqual({ readOnly: true, projects: ['a1'] });
    expect(tokens.verify(`${header}.${encode(claims)}.${signature}`)).toBeNull();
    expect(tokens.verify(`${header}.${encode({ ...claims, scp: { readOnly: false, projects: null } })}.${signature}`)).toBeNull();
  });

  it.each([
    ['not an object', 'read'],
    ['null', null],
    ['without readOnly', { projects: null }],
    ['with projects that are not a list', { readOnly: false, projects: 'a1' }],
    ['with a project that is not a string', { readOnly: false, projects: ['a1', 7] }],
    ['without projects', { readOnly: false }],
  ])('refuses a correctly signed token whose scope is malformed (%s), rather than dropping its limits', (_label, scp) => {
    const iat = Math.floor(now / 1000);

    expect(tokens.verify(signRaw(encode({ iss: 'openapi', sub: 'alice', iat, exp: iat + TTL, scp })))).toBeNull();
  });

  it('carries the request origin the gateway saw, and none when none is given', () => {
    const caller: Caller = { userId: 'alice', issuer: 'openapi', appCode: null, admin: false };
    const origin = { requestId: '0b9f6a52-1c1e-4d7e-9d6e-2a3c4b5d6e7f', clientIp: '203.0.113.9' };

    expect(tokens.open(tokens.sign(caller, origin))).toEqual({ caller, origin });
    expect(tokens.open(tokens.sign(caller))).toEqual({ caller, origin: { requestId: null, clientIp: null } });
    expect(tokens.verify(tokens.sign(caller, origin))).toEqual(caller);
  });

  it('refuses a token whose origin was tampered with', () => {
    const token = tokens.sign({ userId: 'alice', issuer: 'openapi', appCode: null, admin: false }, { requestId: 'r1', clientIp: '203.0.113.9' });
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());

    expect(tokens.open(`${header}.${encode({ ...claims, ip: '6.6.6.6' })}.${signature}`)).toBeNull();
    expect(tokens.open(`${header}.${encode({ ...claims, rid: 'forged' })}.${signature}`)).toBeNull();
  });

  it('produces a three-part JWT with the expected claims', () => {
    const token = tokens.sign({ userId: 'alice', issuer: 'ticket', appCode: null, admin: false });
    const [header, payload] = token.split('.');

    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({
      iss: 'ticket',
      sub: 'alice',
      iat: START / 1000,
      exp: START / 1000 + TTL,
    });
  });

  it('refuses a token whose payload was tampered with', () => {
    const token = tokens.sign({ userId: 'alice', issuer: 'openapi', appCode: null, admin: false });
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = encode({ ...claims, adm: true });

    expect(tokens.verify(`${header}.${forged}.${signature}`)).toBeNull();
    expect(tokens.verify(`${header}.${encode({ ...claims, sub: 'mallory' })}.${signature}`)).toBeNull();
  });

  it('refuses a token with an altered signature', () => {
    const token = tokens.sign({ userId: 'alice', issuer: 'openapi', appCode: null, admin: false });
    const last = token.at(-1) === 'A' ? 'B' : 'A';

    expect(tokens.verify(`${token.slice(0, -1)}${last}`)).toBeNull();
  });

  it('refuses a token signed with another secret', () => {
    const other = new ServiceTokens('b'.repeat(32), TTL, () => now);
    const token = other.sign({ userId: 'alice', issuer: 'openapi', appCode: null, admin: false });

    expect(other.verify(token)).not.toBeNull();
    expect(tokens.verify(token)).toBeNull();
  });

  it('accepts a token until its expiry and refuses it from then on', () => {
    const token = tokens.sign({ userId: 'alice', issuer: 'openapi', appCode: null, admin: false });

    now = START + TTL * 1000 - 1;
    expect(tokens.verify(token)).not.toBeNull();
    now = START + TTL * 1000;
    expect(tokens.verify(token)).toBeNull();
    now = START + 24 * 3600 * 1000;
    expect(tokens.verify(token)).toBeNull();
  });

  it.each([
    ['empty string', ''],
    ['one part', 'abc'],
    ['two parts', 'abc.def'],
    ['four parts', 'a.b.c.d'],
    ['garbage parts', 'x.y.z'],
    ['only dots', '..'],
  ])('refuses a malformed token (%s)', (_label, token) => {
    expect(tokens.verify(token)).toBeNull();
  });

  it.each([
    ['payload that is not JSON', encode('not json')],
    ['payload without a subject', encode({ iss: 'openapi', iat: START / 1000, exp: START / 1000 + TTL })],
    ['payload without an issuer', encode({ sub: 'alice', iat: START / 1000, exp: START / 1000 + TTL })],
    ['payload without an expiry', encode({ iss: 'openapi', sub: 'alice', iat: START / 1000 })],
    ['payload with a non-numeric expiry', encode({ iss: 'openapi', sub: 'alice', exp: 'never' })],
    ['JSON null payload', encode('null')],
  ])('refuses a correctly signed %s', (_label, payload) => {
    expect(tokens.verify(signRaw(payload))).toBeNull();
  });

  it('accepts a correctly signed minimal payload (the helper itself signs validly)', () => {
    const payload = encode({ iss: 'openapi', sub: 'alice', exp: START / 1000 + TTL });

    expect(tokens.verify(signRaw(payload))).toEqual({ userId: 'alice', issuer: 'openapi', appCode: null, admin: false });
  });
});
