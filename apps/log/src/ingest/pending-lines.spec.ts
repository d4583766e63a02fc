import { LogConfig } from '../log.config';
import { LogError } from '../log.errors';
import { PendingLines } from './pending-lines';

describe('pending lines', () => {
  const pending = new PendingLines({ maxPendingLines: 1000 } as LogConfig);

  it('admits up to the limit, refuses past it with OVERLOADED, and admits again once released', () => {
    const first = pending.admit(600);
    const second = pending.admit(400);
    let refused: unknown = null;
    try {
      pending.admit(1);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(LogError);
    expect(refused).toMatchObject({ code: 2108005, httpStatus: 429 });
    first();
    first(); // a second release changes nothing
    const third = pending.admit(600);
    expect(() => pending.admit(1)).toThrow(LogError);
    second();
    third();
    pending.admit(1000)();
  });
});
