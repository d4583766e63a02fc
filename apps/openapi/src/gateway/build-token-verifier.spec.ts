import type { ServiceTokens } from '@bkci/auth';
import { ServiceClient } from '@bkci/clients';
import type { AppConfig } from '@bkci/config';
import { BuildTokenClaims } from '@bkci/contracts';
import { BuildTokenVerifier } from './build-token-verifier';

/** Ticket's answer to a token (`claimsOf` it), counting how often it is asked. */
class CountingTicket extends ServiceClient {
  asked = 0;

  constructor(private readonly claimsOf: (token: string) => BuildTokenClaims) {
    super({} as AppConfig, {} as ServiceTokens);
  }

  override async call<R>(_route: unknown, _params: unknown, request: { onBehalfOf: string; body?: unknown }): Promise<R> {
    this.asked++;
    return this.claimsOf((request.body as { token: string }).token) as R;
  }
}

const CLAIMS: BuildTokenClaims = { projectId: 'demo', pipelineId: 'p-1', buildId: 'b-1', userId: 'starter', expiresAt: new Date(Date.now() + 3600_000).toISOString() };

describe('BuildTokenVerifier', () => {
  it('names the build and the user who started it, asking ticket once per token', async () => {
    const ticket = new CountingTicket(() => CLAIMS);
    const verifier = new BuildTokenVerifier(ticket);

    const first = await verifier.callerOf('bkb_token');
    const again = await verifier.callerOf('bkb_token');

    expect(first).toEqual({ userId: 'starter', issuer: 'openapi', appCode: null, admin: false, build: { projectId: 'demo', pipelineId: 'p-1', buildId: 'b-1' } });
    expect(again).toEqual(first);
    expect(ticket.asked).toBe(1);
  });

  it('asks again about the tokens of a build that ended, and only those', async () => {
    const ticket = new CountingTicket(() => CLAIMS);
    const verifier = new BuildTokenVerifier(ticket);
    await verifier.callerOf('bkb_token');

    verifier.forgetTokens({ projectId: 'demo', buildId: 'another-build' });
    await verifier.callerOf('bkb_token');
    expect(ticket.asked).toBe(1);

    verifier.forgetTokens({ projectId: 'demo', buildId: 'b-1' });
    await verifier.callerOf('bkb_token');
    expect(ticket.asked).toBe(2);
  });

  it('names the job of a job token, and forgets only that job\'s tokens when it ends, all of them when the build does', async () => {
    const ticket = new CountingTicket((token) => ({ ...CLAIMS, vmSeqId: token.slice('bkb_job-'.length) }));
    const verifier = new BuildTokenVerifier(ticket);
    const first = await verifier.callerOf('bkb_job-1');
    await verifier.callerOf('bkb_job-2');
    expect(first.build).toStrictEqual({ projectId: 'demo', pipelineId: 'p-1', buildId: 'b-1', vmSeqId: '1' });
    expect(ticket.asked).toBe(2);

    verifier.forgetTokens({ projectId: 'demo', buildId: 'b-1', vmSeqId: '1' });
    await verifier.callerOf('bkb_job-1');
    await verifier.callerOf('bkb_job-2');
    expect(ticket.asked).toBe(3);

    verifier.forgetTokens({ projectId: 'demo', buildId: 'b-1' });
    await verifier.callerOf('bkb_job-1');
    await verifier.callerOf('bkb_job-2');
    expect(ticket.asked).toBe(5);
  });

  it('does not trust a token past its expiry', async () => {
    const ticket = new CountingTicket(() => ({ ...CLAIMS, expiresAt: new Date(Date.now() - 1000).toISOString() }));
    const verifier = new BuildTokenVerifier(ticket);

    await verifier.callerOf('bkb_token');
    await verifier.callerOf('bkb_token');
    expect(ticket.asked).toBe(2);
  });
});
