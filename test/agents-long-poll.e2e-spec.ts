import { INestApplication } from '@nestjs/common';
import { AGENT_WORK_READY, emitEvent } from '@bkci/contracts';
import { OutboxService } from '@bkci/messaging';
import { TEST_ADMIN_TOKEN, TestEnvironment, memberToken, waitFor } from '@bkci/testing';
import { AgentPollService } from '../apps/environment/src/agents/agent-poll.service';
import { environmentApp } from '../apps/environment/src/environment.app';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';
import { AgentCredentials, agentCall, agentHeaders, installAgent } from './agents.fixtures';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'poll-a';
const CROWD = 200;

interface AskAnswer {
  status: string;
  work: boolean;
}

/** The agent's long poll: answered "no work" at its timeout, at once when work is queued, and cheap to hold open by the hundred. */
describe('the agent long poll', () => {
  // No agent here heartbeats: the liveness check must not take them offline during the test.
  const env = new TestEnvironment({ BKCI_AGENT_OFFLINE_AFTER_MS: '600000' });
  let gateway: string;
  let environment: INestApplication;
  let user: Record<string, string>;
  let agent: AgentCredentials;

  const ask = (who: AgentCredentials, waitSeconds: number, build: 'ALL' | 'NONE' = 'ALL') => agentCall<AskAnswer>(gateway, who, 'POST', 'ask', { askEnable: { build }, waitSeconds });
  const workReady = (who: AgentCredentials) =>
    environment.get(OutboxService).transaction(async (tx) => {
      emitEvent(tx.emit, AGENT_WORK_READY, { projectId: who.projectId, agentId: who.agentId });
    });

  beforeAll(async () => {
    await env.start(processApp);
    environment = (await env.start(environmentApp)).app;
    gateway = (await env.start(openapiApp)).url;
    const created = await fetch(`${gateway}/ms/process/api/user/projects`, { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ projectName: PROJECT, englishName: PROJECT }) });
    expect(created.status).toBe(201);
    user = await memberToken(gateway, PROJECT, 'dev', 'developer');
    ({ agent } = await installAgent(gateway, user, PROJECT, 'poll-host'));
  });

  afterAll(() => env.close());

  it('answers an idle agent "no work" when its wait runs out', async () => {
    const startedAt = Date.now();
    const answer = await ask(agent, 1);
    expect(answer).toMatchObject({ httpStatus: 200, status: 0, data: { status: 'IMPORT_OK', work: false } });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(950);
  });

  it('answers at once when work is queued for the agent, long before its wait runs out', async () => {
    const startedAt = Date.now();
    const polling = ask(agent, 60);
    await waitFor(() => environment.get(AgentPollService).openPolls() === 1, 10_000, 'the poll to be held open');
    await workReady(agent);

    const answer = await polling;
    expect(answer.data).toEqual({ status: 'IMPORT_OK', work: true });
    expect(Date.now() - startedAt).toBeLessThan(30_000);
    expect(environment.get(AgentPollService).openPolls()).toBe(0);
  });

  it('keeps work queued between two polls for the next one', async () => {
    await workReady(agent);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const startedAt = Date.now();
    expect((await ask(agent, 30)).data).toEqual({ status: 'IMPORT_OK', work: true });
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    // Used once: the next poll waits again.
    expect((await ask(agent, 1)).data).toEqual({ status: 'IMPORT_OK', work: false });
  });

  it('lets go of a poll at once when its agent hangs up before the answer', async () => {
    const hangUp = new AbortController();
    const polling = fetch(`${gateway}/ms/environment/api/buildAgent/agent/thirdPartyAgent/ask`, {
      method: 'POST',
      headers: { ...agentHeaders(agent), 'content-type': 'application/json' },
      body: JSON.stringify({ askEnable: { build: 'ALL' }, waitSeconds: 60 }),
      signal: hangUp.signal,
    }).then(
      () => 'answered',
      () => 'hung up',
    );
    await waitFor(() => environment.get(AgentPollService).openPolls() === 1, 10_000, 'the poll to be held open');
    hangUp.abort();
    expect(await polling).toBe('hung up');
    // The gateway ends its request to the app too, which drops the poll (and app shutdowns do not wait for it).
    await waitFor(() => environment.get(AgentPollService).openPolls() === 0, 2_000, 'the poll let go');
  });

  it('does not wake an agent that takes no builds', async () => {
    const polling = ask(agent, 2, 'NONE');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await workReady(agent);
    expect((await polling).data).toEqual({ status: 'IMPORT_OK', work: false });
  });

  it(`holds ${CROWD} agents' polls open while the app keeps answering, then answers every one`, async () => {
    // One after another: a user's new link for an OS replaces their pending one (BK-CI reuses it), so links are not made in parallel.
    const crowd: AgentCredentials[] = [];
    for (let i = 0; i < CROWD; i++) crowd.push((await installAgent(gateway, user, PROJECT, `crowd-${i}`)).agent);
    const polls = crowd.map((who) => ask(who, 20));
    await waitFor(() => environment.get(AgentPollService).openPolls() === CROWD, 30_000, `${CROWD} polls to be held open`);

    // With every poll open, the app still answers users and agents.
    const listed = await fetch(`${gateway}/ms/environment/api/user/environment/thirdPartyAgent/projects/${PROJECT}/list`, { headers: user });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { data: unknown[] }).data).toHaveLength(CROWD + 1);
    expect(await agentCall(gateway, agent, 'GET', 'status')).toMatchObject({ httpStatus: 200, data: 'IMPORT_OK' });
    expect(environment.get(AgentPollService).openPolls()).toBe(CROWD);

    // Half get work now; the rest are answered "no work" at their timeout.
    for (const who of crowd.slice(0, CROWD / 2)) await workReady(who);
    const answers = await Promise.all(polls);
    expect(answers.map((answer) => answer.httpStatus)).toEqual(crowd.map(() => 200));
    expect(answers.filter((answer) => answer.data.work)).toHaveLength(CROWD / 2);
    expect(answers.slice(0, CROWD / 2).every((answer) => answer.data.work)).toBe(true);
    expect(environment.get(AgentPollService).openPolls()).toBe(0);
  }, 120_000);
});
