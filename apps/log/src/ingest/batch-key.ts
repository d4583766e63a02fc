import { createHash } from 'node:crypto';
import { LogError, LogErrorCode } from '../log.errors';
import type { LogMessageDto } from './dto/log-message.dto';
import type { Highlight } from './log-text';

/** The header an agent may send to name its batch; a retry sends the same value. */
export const BATCH_ID_HEADER = 'x-devops-log-batch-id';

const BATCH_ID = /^[\x21-\x7e]{1,64}$/;

/**
 * The key a batch is remembered by, so that a batch sent twice (an agent retrying after a timeout)
 * is stored once: the agent's own batch id when it sends one, else the sha256 (hex) of the batch's
 * canonical JSON, every field of every message in order, plus the route's highlight. Two batches
 * with identical content are therefore taken as one batch sent twice: a build that prints the same
 * lines with the same timestamps in two batches sees the second dropped (agents stamp lines in
 * milliseconds, so real repeats differ).
 */
export function batchKey(batchId: string | undefined, messages: LogMessageDto[], highlight: Highlight | null): string {
  if (batchId !== undefined && batchId !== '') {
    if (!BATCH_ID.test(batchId)) {
      throw new LogError(LogErrorCode.INVALID_INPUT, `${BATCH_ID_HEADER} must be 1 to 64 printable ASCII characters without spaces`);
    }
    return batchId;
  }
  const canonical = messages.map((m) => [
    m.message,
    m.timestamp ?? 0,
    m.tag ?? '',
    m.subTag ?? '',
    m.stepId ?? '',
    m.jobId ?? '',
    m.containerHashId ?? '',
    m.logType ?? 'LOG',
    m.executeCount ?? 1,
  ]);
  return createHash('sha256').update(JSON.stringify([highlight, canonical])).digest('hex');
}
