import type { ServiceTokens } from '@bkci/auth';
import { ServiceClient } from '@bkci/clients';
import type { AppConfig } from '@bkci/config';
import { BuildTokenClaims } from '@bkci/contracts';
import { BuildTokenVerifier } from './build-token-verifier';

/** Ticket's answer to every token, counting how often it is asked. */
class CountingTicket extends ServiceClient {
  asked = 0;

  constructor(private readonly claims: BuildTokenClaims) {
    super({} as AppConfig, {} as ServiceTokens);
  }

  override async call<R>(): Promise<R> {
    this.asked++;
    return this.claims as R;
  }
}

const CLAIMS: BuildTokenClaims = { projectId: 'demo', pipelineId: 'p-1', buildId: 'b-1', userId: 'starter', expiresAt: new Date(Date.now() + 3600_000).toISOString() };

describe('BuildTokenVerifier', () => {
  it('names the build and the user who started it, asking ticket once per token', async () => {
    const ticket = new CountingTicket(CLAIMS);
    const verifier = new BuildTokenVerifier(ticket);

    const first = await verifier.callerOf('bkb_token');
    const again = await verifier.callerOf('bkb_token');

    expect(first).toEqual({ userId: 'starter', issuer: 'openapi', appCode: null, admin: false, build: { projectId: 'demo', pipelineId: 'p-1', buildId: 'b-1' } });
    expect(again).toEqual(first);
    expect(ticket.asked).toBe(1);
  });

  it('asks again about the tokens of a build that ended, and only those', async () => {
    const ticket = new CountingTicket(CLAIMS);
    const verifier = new BuildTokenVerifier(ticket);
    await verifier.callerOf('bkb_token');

    verifier.forgetBuild('demo', 'another-build');
    await verifier.callerOf('bkb_token');
    expect(ticket.asked).toBe(1);

    verifier.forgetBuild('demo', 'b-1');
    await verifier.callerOf('bkb_token');
    expect(ticket.asked).toBe(2);
  });

  it('does not trust a token past its expiry', async () => {
    const ticket = new CountingTicket({ ...CLAIMS, expiresAt: new Date(Date.now() - 1000).toISOString() });
    const verifier = new BuildTokenVerifier(ticket);

    await verifier.callerOf('bkb_token');
    await verifier.callerOf('bkb_token');
    expect(ticket.asked).toBe(2);
  });
});
