import { fitReason } from './engine-extensions';

describe('fitReason', () => {
  it('keeps a reason that fits its column and cuts a longer one to 512 characters', () => {
    expect(fitReason('waiting for the review of erin')).toBe('waiting for the review of erin');
    const cut = fitReason(`rejected by dora: ${'x'.repeat(1024)}`);
    expect([cut.length, cut.startsWith('rejected by dora: x'), cut.endsWith('…')]).toEqual([512, true, true]);
  });
});
