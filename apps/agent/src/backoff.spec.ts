import { Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles from 1 s up to 30 s and stays there', () => {
    const backoff = new Backoff();
    expect(Array.from({ length: 8 }, () => backoff.next())).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('starts over after a reset', () => {
    const backoff = new Backoff(100, 1_000);
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([100, 200, 400]);
    backoff.reset();
    expect([backoff.next(), backoff.next()]).toEqual([100, 200]);
  });

  it('does not overflow after many failures', () => {
    const backoff = new Backoff();
    for (let i = 0; i < 2_000; i += 1) backoff.next();
    expect(backoff.next()).toBe(30_000);
  });
});
