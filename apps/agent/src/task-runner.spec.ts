import { stepTimeoutMs } from './task-runner';

describe('stepTimeoutMs', () => {
  it("is the step's additionalOptions.timeout in minutes, never beyond the job's limit", () => {
    expect(stepTimeoutMs(JSON.stringify({ enable: true, timeout: 2 }), 600_000)).toBe(120_000);
    expect(stepTimeoutMs(JSON.stringify({ timeout: '3' }), null)).toBe(180_000);
    expect(stepTimeoutMs(JSON.stringify({ timeout: 20 }), 600_000)).toBe(600_000);
  });

  it("is the job's limit when the step sets none (absent, 0, not a number, not JSON), and null when neither does", () => {
    for (const options of [undefined, JSON.stringify({ timeout: 0 }), JSON.stringify({ timeout: 'soon' }), 'not json', 'null']) {
      expect(stepTimeoutMs(options, 60_000)).toBe(60_000);
      expect(stepTimeoutMs(options, 0)).toBeNull();
      expect(stepTimeoutMs(options, null)).toBeNull();
    }
  });
});
