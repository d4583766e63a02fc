import type { ServiceTokens } from '@bkci/auth';
import { ServiceClient } from '@bkci/clients';
import type { AppConfig } from '@bkci/config';
import { VerifyAgentBody } from '@bkci/contracts';
import { DomainError } from '@bkci/core';
import { AgentCredentialVerifier } from './agent-credential-verifier';

/** environment's answer to every verification, counting how often it is asked. */
class CountingEnvironment extends ServiceClient {
  readonly asked: VerifyAgentBody[] = [];
  refuse: DomainError | null = null;

  constructor() {
    super({} as AppConfig, {} as ServiceTokens);
  }

  override async call<R>(_route: unknown, _params: unknown, request: unknown): Promise<R> {
    const body = (request as { body: VerifyAgentBody }).body;
    this.asked.push(body);
    if (this.refuse) throw this.refuse;
    return { projectId: body.projectId, agentId: body.agentId } as R;
  }
}

const CREDENTIALS: VerifyAgentBody = { projectId: 'demo', agentId: 'abcdefgh', secretKey: 's3cret', host: 'build-01' };

describe('AgentCredentialVerifier', () => {
  it('names the agent and its host with no user, asking environment once for the same credentials', async () => {
    const environment = new CountingEnvironment();
    const verifier = new AgentCredentialVerifier(environment);

    const first = await verifier.callerOf(CREDENTIALS);
    const again = await verifier.callerOf({ ...CREDENTIALS });

    expect(first).toEqual({ userId: '', issuer: 'openapi', appCode: null, admin: false, agent: { projectId: 'demo', agentId: 'abcdefgh', host: 'build-01' } });
    expect(again).toEqual(first);
    expect(environment.asked).toEqual([CREDENTIALS]);
  });

  it('asks again when any of the four values differs (another secret, another host)', async () => {
    const environment = new CountingEnvironment();
    const verifier = new AgentCredentialVerifier(environment);
    await verifier.callerOf(CREDENTIALS);
    await verifier.callerOf({ ...CREDENTIALS, secretKey: 'other' });
    await verifier.callerOf({ ...CREDENTIALS, host: 'build-02' });

    expect(environment.asked.map((body) => [body.secretKey, body.host])).toEqual([
      ['s3cret', 'build-01'],
      ['other', 'build-01'],
      ['s3cret', 'build-02'],
    ]);
  });

  it('forgets a revoked agent, and only that one', async () => {
    const environment = new CountingEnvironment();
    const verifier = new AgentCredentialVerifier(environment);
    await verifier.callerOf(CREDENTIALS);

    verifier.forgetAgent('demo', 'another');
    await verifier.callerOf(CREDENTIALS);
    expect(environment.asked).toHaveLength(1);

    verifier.forgetAgent('demo', 'abcdefgh');
    environment.refuse = new DomainError(2105019, 401, 'refused');
    await expect(verifier.callerOf(CREDENTIALS)).rejects.toMatchObject({ code: 2105019, httpStatus: 401 });
    expect(environment.asked).toHaveLength(2);
  });

  it('does not remember a refusal', async () => {
    const environment = new CountingEnvironment();
    environment.refuse = new DomainError(2105201, 403, 'another host');
    const verifier = new AgentCredentialVerifier(environment);

    await expect(verifier.callerOf(CREDENTIALS)).rejects.toMatchObject({ httpStatus: 403 });
    environment.refuse = null;
    await expect(verifier.callerOf(CREDENTIALS)).resolves.toMatchObject({ agent: { agentId: 'abcdefgh' } });
    expect(environment.asked).toHaveLength(2);
  });
});
