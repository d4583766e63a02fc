import { AgentIdentity } from '@bkci/auth';
import { AgentPollService } from './agent-poll.service';
import { AgentStatusName } from './agent-status';
import type { AgentStateService } from './agent-state.service';

const AGENT: AgentIdentity = { projectId: 'demo', agentId: 'abcdefgh', host: 'build-01' };

/** The state service's answer for every agent, as the poll reads it. */
function pollsWith(status: AgentStatusName): AgentPollService {
  return new AgentPollService({ status: async () => status } as unknown as AgentStateService);
}

const open = () => new AbortController().signal;

describe('AgentPollService', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('answers "no work" when the wait runs out, and holds nothing afterwards', async () => {
    const polls = pollsWith('IMPORT_OK');
    const answer = polls.ask(AGENT, true, 30_000, open());
    await jest.advanceTimersByTimeAsync(29_999);
    expect(polls.openPolls()).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(answer).resolves.toEqual({ status: 'IMPORT_OK', work: false });
    expect(polls.openPolls()).toBe(0);
  });

  it('answers every open poll of the agent at once when woken, and no other agent’s', async () => {
    const polls = pollsWith('IMPORT_OK');
    const first = polls.ask(AGENT, true, 30_000, open());
    const second = polls.ask(AGENT, true, 30_000, open());
    const other = polls.ask({ ...AGENT, agentId: 'zyxwvuts' }, true, 30_000, open());
    await jest.advanceTimersByTimeAsync(0);

    polls.wake('demo', 'abcdefgh');
    await expect(first).resolves.toEqual({ status: 'IMPORT_OK', work: true });
    await expect(second).resolves.toEqual({ status: 'IMPORT_OK', work: true });
    expect(polls.openPolls()).toBe(1);
    await jest.advanceTimersByTimeAsync(30_000);
    await expect(other).resolves.toEqual({ status: 'IMPORT_OK', work: false });
  });

  it('keeps a wake with no poll open for the next poll, for a minute', async () => {
    const polls = pollsWith('IMPORT_OK');
    polls.wake('demo', 'abcdefgh');
    await expect(polls.ask(AGENT, true, 30_000, open())).resolves.toEqual({ status: 'IMPORT_OK', work: true });

    polls.wake('demo', 'abcdefgh');
    await jest.advanceTimersByTimeAsync(60_001);
    const late = polls.ask(AGENT, true, 1_000, open());
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(late).resolves.toEqual({ status: 'IMPORT_OK', work: false });
  });

  it('never wakes an agent that takes no builds or is not imported', async () => {
    for (const [status, wantsBuilds] of [['IMPORT_OK', false], ['UN_IMPORT_OK', true], ['IMPORT_EXCEPTION', true]] as const) {
      const polls = pollsWith(status);
      const answer = polls.ask(AGENT, wantsBuilds, 5_000, open());
      await jest.advanceTimersByTimeAsync(0);
      polls.wake('demo', 'abcdefgh');
      await jest.advanceTimersByTimeAsync(5_000);
      await expect(answer).resolves.toEqual({ status, work: false });
    }
  });

  it('answers a deleted agent at once, and frees the poll of an agent that hung up', async () => {
    await expect(pollsWith('DELETE').ask(AGENT, true, 30_000, open())).resolves.toEqual({ status: 'DELETE', work: false });

    const polls = pollsWith('IMPORT_OK');
    const hangUp = new AbortController();
    const answer = polls.ask(AGENT, true, 30_000, hangUp.signal);
    await jest.advanceTimersByTimeAsync(0);
    expect(polls.openPolls()).toBe(1);
    hangUp.abort();
    await expect(answer).resolves.toEqual({ status: 'IMPORT_OK', work: false });
    expect(polls.openPolls()).toBe(0);
  });

  it('answers every open poll "no work" when the app shuts down', async () => {
    const polls = pollsWith('IMPORT_OK');
    const answer = polls.ask(AGENT, true, 60_000, open());
    await jest.advanceTimersByTimeAsync(0);
    polls.beforeApplicationShutdown();
    await expect(answer).resolves.toEqual({ status: 'IMPORT_OK', work: false });
  });
});
