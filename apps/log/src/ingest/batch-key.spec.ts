import { thrownError } from '@bkci/testing';
import { LogError } from '../log.errors';
import { batchKey } from './batch-key';

describe('batch key', () => {
  const line = { message: 'hello', timestamp: 5, tag: 't1' };

  it('is the digest of every field in order, the same for the same batch', () => {
    const key = batchKey(undefined, [line], null);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(batchKey(undefined, [{ ...line }], null)).toBe(key);
    expect(batchKey('', [line], null)).toBe(key);
    expect(batchKey(undefined, [{ ...line, timestamp: 6 }], null)).not.toBe(key);
    expect(batchKey(undefined, [line, line], null)).not.toBe(key);
    expect(batchKey(undefined, [line], 'red')).not.toBe(key);
    // Absent fields read as their defaults, as they are stored.
    expect(batchKey(undefined, [{ ...line, logType: 'LOG', executeCount: 1, subTag: '' }], null)).toBe(key);
  });

  it("takes the agent's batch id when it sends one, and refuses a malformed one", () => {
    expect(batchKey('agent-batch-7', [line], null)).toBe('agent-batch-7');
    expect(thrownError(LogError, () => batchKey('has space', [line], null))).toMatchObject({ code: 2108001 });
    expect(thrownError(LogError, () => batchKey('x'.repeat(65), [line], null))).toMatchObject({ code: 2108001 });
  });
});
