import { PipeTransform } from '@nestjs/common';
import { ArrayBodyPipe } from '@bkci/core';
import { LOG_TYPES } from '../../log-line';
import { LogMessageDto } from './log-message.dto';

/** The optional string fields of LogMessageDto and their @Length maximum. */
const STRING_FIELDS = [
  ['tag', 128],
  ['subTag', 128],
  ['stepId', 128],
  ['jobId', 128],
  ['containerHashId', 64],
] as const;

/**
 * The body of a multi-line print: a JSON array of LogMessageDto. class-validator costs ~60 µs a
 * message, which made validating a batch of 1000 lines the largest cost of storing it, so lines
 * of the usual shape are checked here by hand. This check accepts only what LogMessageDto's rules
 * accept and builds the same object; a batch with any line it is unsure of (a wrong type, a value
 * out of range, a string near its length limit) goes whole through ArrayBodyPipe, which gives the
 * usual answer and 400 problems.
 */
export class LogMessagesPipe implements PipeTransform<unknown, Promise<LogMessageDto[]>> {
  private readonly general = new ArrayBodyPipe(LogMessageDto);

  async transform(value: unknown): Promise<LogMessageDto[]> {
    if (Array.isArray(value)) {
      const messages: LogMessageDto[] = [];
      for (const item of value) {
        const message = plainMessage(item);
        if (!message) return this.general.transform(value);
        messages.push(message);
      }
      return messages;
    }
    return this.general.transform(value);
  }
}

/** `item` as a LogMessageDto when it plainly passes the DTO's rules, else null. */
function plainMessage(item: unknown): LogMessageDto | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
  // Own fields only, as the validation pipe reads them.
  const plain = Object.fromEntries(Object.entries(item)) as Record<string, unknown>;
  if (typeof plain.message !== 'string') return null;
  const message = new LogMessageDto();
  message.message = plain.message;
  // As the validation pipe does: an optional field given as "" or null is absent.
  const given = (field: string) => Object.hasOwn(plain, field) && plain[field] !== '' && plain[field] !== null;
  for (const [field, max] of STRING_FIELDS) {
    if (!given(field)) continue;
    const text = plain[field];
    // UTF-16 length: never below the character count @Length checks, so ≤ max passes it too.
    if (typeof text !== 'string' || text.length > max) return null;
    message[field] = text;
  }
  if (given('timestamp')) {
    if (!isInteger(plain.timestamp, 0, Number.MAX_SAFE_INTEGER)) return null;
    message.timestamp = plain.timestamp;
  }
  if (given('executeCount')) {
    if (!isInteger(plain.executeCount, 1, 10_000)) return null;
    message.executeCount = plain.executeCount;
  }
  if (given('logType')) {
    const logType = LOG_TYPES.find((type) => type === plain.logType);
    if (!logType) return null;
    message.logType = logType;
  }
  return message;
}

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
