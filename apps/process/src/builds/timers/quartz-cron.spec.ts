import { CronError, nextFireTime, parseCron } from './quartz-cron';

const at = (text: string) => new Date(text);
const next = (expression: string, after: string) => nextFireTime(parseCron(expression), at(after));

describe('Quartz cron', () => {
  it('reads what BK-CI’s console makes: every day at a time, on weekdays, every hour at a minute', () => {
    expect(next('0 0 2 * * ?', '2026-03-10T01:59:59')).toEqual(at('2026-03-10T02:00:00'));
    expect(next('0 0 2 * * ?', '2026-03-10T02:00:00')).toEqual(at('2026-03-11T02:00:00'));
    // 2026-03-14 is a Saturday; 2 = Monday.
    expect(next('0 30 9 ? * 2,3,4,5,6', '2026-03-13T10:00:00')).toEqual(at('2026-03-16T09:30:00'));
    expect(next('0 10 * ? * *', '2026-03-10T05:10:00')).toEqual(at('2026-03-10T06:10:00'));
    expect(next('0 0 0 1 * ?', '2026-03-10T00:00:00')).toEqual(at('2026-04-01T00:00:00'));
  });

  it('supports names, ranges, steps, seconds and a year field', () => {
    expect(next('0/15 * * * * ?', '2026-03-10T05:10:16')).toEqual(at('2026-03-10T05:10:30'));
    expect(next('0 0 8 ? * MON-FRI', '2026-03-14T00:00:00')).toEqual(at('2026-03-16T08:00:00'));
    expect(next('0 0 12 25 DEC ? 2027', '2026-03-10T00:00:00')).toEqual(at('2027-12-25T12:00:00'));
    expect(next('0 0 12 25 DEC ? 2020', '2026-03-10T00:00:00')).toBeNull();
  });

  it('converts the 5-field UNIX form (weekday 0 = Sunday)', () => {
    expect(next('*/5 * * * *', '2026-03-10T05:11:00')).toEqual(at('2026-03-10T05:15:00'));
    expect(next('0 3 * * 0', '2026-03-10T00:00:00')).toEqual(at('2026-03-15T03:00:00'));
  });

  it('refuses what it cannot read', () => {
    for (const bad of ['0 0 2 * *  * * *', '0 61 * * * ?', '0 0 2 L * ?', 'x y z a b c', '0 0 5-2 * * ?']) {
      expect(() => parseCron(bad)).toThrow(CronError);
    }
  });
});
