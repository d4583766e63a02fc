import { ArrayBodyPipe } from '@bkci/core';
import { LogMessageDto } from './log-message.dto';
import { LogMessagesPipe } from './log-messages.pipe';

/** What a pipe makes of a body: the DTOs it gives, or the error it throws. */
async function outcome(pipe: { transform(value: unknown): Promise<LogMessageDto[]> }, body: unknown): Promise<unknown> {
  try {
    return { messages: await pipe.transform(body) };
  } catch (error) {
    return { error };
  }
}

describe('LogMessagesPipe', () => {
  const general = new ArrayBodyPipe(LogMessageDto);
  const fast = new LogMessagesPipe();

  it.each([
    ['the usual shape', [{ message: 'm', timestamp: 5, tag: 't', subTag: 's', stepId: 'st', jobId: 'j', containerHashId: 'c', logType: 'WARN', executeCount: 2 }]],
    ['only a message, and unknown fields', JSON.parse('[{ "message": "" }, { "message": "x", "extra": 1, "__proto__": { "tag": "x" } }]')],
    ['optionals given as "" or null', [{ message: 'm', tag: '', timestamp: null, logType: '', executeCount: null }]],
    ['a timestamp of 0 and the extreme runs', [{ message: 'm', timestamp: 0, executeCount: 1 }, { message: 'n', executeCount: 10_000 }]],
    ['strings at their length limits', [{ message: 'm', tag: 't'.repeat(128), containerHashId: 'c'.repeat(64) }]],
    ['surrogate pairs near the limit', [{ message: 'm', tag: '😀'.repeat(100) }]],
    ['a huge timestamp', [{ message: 'm', timestamp: 2 ** 60 }]],
    ['no message', [{ tag: 't' }]],
    ['a message of the wrong type', [{ message: 5 }]],
    ['a tag too long', [{ message: 'm', tag: 't'.repeat(129) }]],
    ['an unknown log type', [{ message: 'm', logType: 'INFO' }]],
    ['runs out of range', [{ message: 'm', executeCount: 0 }, { message: 'm', executeCount: 10_001 }, { message: 'm', executeCount: 1.5 }]],
    ['a negative timestamp', [{ message: 'm', timestamp: -1 }]],
    ['a string number', [{ message: 'm', timestamp: '5' }]],
    ['a line that is not an object', [{ message: 'ok' }, 'text', null, [1]]],
    ['a body that is not an array', { message: 'm' }],
    ['an empty array', []],
  ])('answers %s exactly as the general pipe does', async (_name, body) => {
    const copy = JSON.parse(JSON.stringify(body)) as unknown;
    expect(await outcome(fast, body)).toEqual(await outcome(general, copy));
  });

  it('gives LogMessageDto instances', async () => {
    const [message] = await fast.transform([{ message: 'm', tag: 't' }]);
    expect(message).toBeInstanceOf(LogMessageDto);
    expect(message).toEqual(Object.assign(new LogMessageDto(), { message: 'm', tag: 't' }));
  });
});
