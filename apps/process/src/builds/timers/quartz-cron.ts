/**
 * Quartz cron expressions as BK-CI's timer trigger keeps them (`sec min hour day-of-month month
 * day-of-week [year]`, `?` for "no value" in one of the two day fields, weekdays 1-7 = SUN-SAT or
 * their names), and the 5-field UNIX form BK-CI converts on the way in (TimerTriggerElement
 * convertExpression). Lists, ranges and steps are supported; `L`, `W` and `#` are not (a CronError).
 * Times are the server's local time, as BK-CI's Quartz scheduler reads them.
 */
export class CronError extends Error {}

export interface CronSchedule {
  seconds: number[];
  minutes: number[];
  hours: number[];
  /** null: `?`, any day of the month (the weekday decides). */
  daysOfMonth: Set<number> | null;
  months: Set<number>;
  /** 1 = Sunday … 7 = Saturday; null: `?`. */
  daysOfWeek: Set<number> | null;
  years: Set<number> | null;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** How far ahead a next fire time is looked for. */
const MAX_YEARS_AHEAD = 5;

export function parseCron(expression: string): CronSchedule {
  let parts = expression.trim().split(/\s+/);
  if (parts.length === 5) parts = fromUnix(parts);
  if (parts.length !== 6 && parts.length !== 7) throw new CronError(`"${expression}": a cron expression has 6 or 7 fields (5 in the UNIX form)`);
  const [sec, min, hour, dom, month, dow, year] = parts;
  const all = (text: string) => text === '*' || text === '?';
  return {
    seconds: [...field(sec, 0, 59, [], 0)].sort((a, b) => a - b),
    minutes: [...field(min, 0, 59, [], 0)].sort((a, b) => a - b),
    hours: [...field(hour, 0, 23, [], 0)].sort((a, b) => a - b),
    // `*` in both day fields (not Quartz, but typed often) means every day.
    daysOfMonth: dom === '?' || (dom === '*' && !all(dow)) ? null : field(dom, 1, 31, [], 1),
    months: field(month, 1, 12, MONTHS, 1),
    daysOfWeek: dow === '?' || (dow === '*' && dom !== '?') ? null : field(dow, 1, 7, WEEKDAYS, 1),
    years: year === undefined || year === '*' ? null : field(year, 1970, 2199, [], 1970),
  };
}

/** cron-utils' UNIX → Quartz mapping: seconds 0, weekdays 0-7 (0 and 7 Sunday) → 1-7, `?` for the day field left open. */
function fromUnix([min, hour, dom, month, dow]: string[]): string[] {
  const weekday = dow.replace(/\d+/g, (n) => String((Number(n) % 7) + 1));
  if (dow === '*') return ['0', min, hour, dom, month, '?'];
  return ['0', min, hour, dom === '*' ? '?' : dom, month, weekday];
}

function field(text: string, min: number, max: number, names: string[], nameBase: number): Set<number> {
  const values = new Set<number>();
  const value = (token: string) => {
    const named = names.indexOf(token.toUpperCase());
    const n = named >= 0 ? named + nameBase : /^\d+$/.test(token) ? Number(token) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) throw new CronError(`"${token}" is not a value from ${min} to ${max}`);
    return n;
  };
  for (const item of text.split(',')) {
    const [range, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(`"${item}": the step must be a positive number`);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') [from, to] = [min, max];
    else if (range.includes('-')) [from, to] = range.split('-').map(value) as [number, number];
    else [from, to] = [value(range), stepText === undefined ? value(range) : max];
    if (from > to) throw new CronError(`"${item}": the range goes backwards`);
    for (let n = from; n <= to; n += step) values.add(n);
  }
  return values;
}

/** The first fire time strictly after `after`, or null when there is none in the next years. */
export function nextFireTime(schedule: CronSchedule, after: Date): Date | null {
  const start = new Date(after.getFullYear(), after.getMonth(), after.getDate());
  for (let day = 0; day <= MAX_YEARS_AHEAD * 366; day++) {
    const date = new Date(start.getFullYear(), start.getMonth(), start.getDate() + day);
    if (!dayMatches(schedule, date)) continue;
    for (const hour of schedule.hours) {
      for (const minute of schedule.minutes) {
        for (const second of schedule.seconds) {
          const candidate = new Date(date.getFullYear(), date.getMonth(), date.getDate(), hour, minute, second);
          if (candidate.getTime() > after.getTime()) return candidate;
        }
      }
    }
  }
  return null;
}

function dayMatches(schedule: CronSchedule, date: Date): boolean {
  if (schedule.years && !schedule.years.has(date.getFullYear())) return false;
  if (!schedule.months.has(date.getMonth() + 1)) return false;
  if (schedule.daysOfMonth && !schedule.daysOfMonth.has(date.getDate())) return false;
  return !schedule.daysOfWeek || schedule.daysOfWeek.has(date.getDay() + 1);
}
