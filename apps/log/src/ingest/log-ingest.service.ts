import { Inject, Injectable } from '@nestjs/common';
import { emitEvent, LOG_LINES_STORED } from '@bkci/contracts';
import { OutboxTransaction } from '@bkci/messaging';
import type { LogLineEntity } from '../entities/log-line.entity';
import { LOG_CONFIG, LogConfig } from '../log.config';
import { LogError, LogErrorCode } from '../log.errors';
import { batchKey } from './batch-key';
import { LogMessageDto } from './dto/log-message.dto';
import { BuildLocks, BuildRef } from './build-locks';
import { Highlight, highlight, maskSecrets, splitByBytes } from './log-text';
import { LogWriteStore, TaskLineCount } from './log-write.store';
import { PendingLines } from './pending-lines';
import { SensitiveValuesClient } from './sensitive-values.client';

export interface PrintRequest {
  build: BuildRef;
  messages: LogMessageDto[];
  /** BK-CI's /red and /yellow routes. */
  highlight: Highlight | null;
  /** The agent's X-DEVOPS-LOG-BATCH-ID, when sent. */
  batchId?: string;
}

/** A line ready to be numbered: masked, highlighted, split, with BK-CI's defaults filled in. */
type PreparedLine = Omit<LogLineEntity, 'lineNo'>;

interface Outcome {
  stored: number;
  /** Lines of tasks that had reached their limit. */
  refused: number;
}

/**
 * BK-CI's print path (BuildLogPrintService → BuildLogListenerService → LogService.addLogEvent),
 * done synchronously: a batch is acknowledged only once its lines are committed.
 */
@Injectable()
export class LogIngestService {
  constructor(
    @Inject(LOG_CONFIG.token) private readonly config: LogConfig,
    private readonly store: LogWriteStore,
    private readonly locks: BuildLocks,
    private readonly pending: PendingLines,
    private readonly secrets: SensitiveValuesClient,
  ) {}

  /**
   * Stores a batch. Throws TOO_MANY_LINES (after storing what fit) when a task passed its limit,
   * BUILD_FINISHED when the build's log is closed, OVERLOADED before anything when too many lines
   * are pending.
   */
  async print(request: PrintRequest): Promise<void> {
    // An empty batch has nothing to store (BK-CI answers it true as well).
    if (request.messages.length === 0) return;
    const key = batchKey(request.batchId, request.messages, request.highlight);
    const release = this.pending.admit(request.messages.length);
    try {
      const secrets = await this.secrets.of(request.build.buildId);
      const lines = this.prepare(request, secrets);
      const outcome = await this.locks.inTransaction(request.build.buildId, (tx) => this.append(tx, request.build, key, lines));
      if (outcome.refused > 0) {
        throw new LogError(
          LogErrorCode.TOO_MANY_LINES,
          `A task of this build reached its limit of ${this.config.maxLinesPerTask} lines: ${outcome.stored} lines of this batch were stored, ${outcome.refused} refused`,
          { stored: outcome.stored, refused: outcome.refused },
        );
      }
    } finally {
      release();
    }
  }

  /** Masks first (so no cut can split a secret and leave its halves unmasked), then highlights and splits. */
  private prepare(request: PrintRequest, secrets: string[]): PreparedLine[] {
    const now = Date.now();
    return request.messages.flatMap((m) => {
      const masked = maskSecrets(m.message, secrets);
      const text = request.highlight ? highlight(masked, request.highlight) : masked;
      return splitByBytes(text, this.config.maxLineBytes).map((message) => ({
        buildId: request.build.buildId,
        executeCount: m.executeCount ?? 1,
        timestamp: m.timestamp ? m.timestamp : now,
        message,
        logType: m.logType ?? 'LOG',
        tag: m.tag ?? '',
        subTag: m.subTag ?? '',
        containerHashId: m.containerHashId ?? '',
        jobId: m.jobId ?? '',
        stepId: m.stepId ?? '',
      }));
    });
  }

  /**
   * Numbers and stores the lines in one transaction, under the build's lock: the batch check, the
   * read of the last line number, the inserts and the new last line number commit together or not
   * at all. So numbers are gapless and unique by construction: a crash before commit stores nothing
   * and gives out no number. (BK-CI hands out numbers with Redis INCRBY before storing, so a failed
   * store leaves a gap, and a counter lost from Redis re-seeded from the table can repeat numbers.)
   * The lock only keeps writers from colliding; the transaction is the guarantee.
   */
  private async append(tx: OutboxTransaction, build: BuildRef, key: string, lines: PreparedLine[]): Promise<Outcome> {
    const { manager } = tx;
    const previous = await this.store.findBatch(build.buildId, key, manager);
    if (previous) {
      // Sent before: answer as the first time, store nothing. Its stored lines were the lines kept
      // plus one WARN line per task it took to the limit; every other line of it was refused.
      const warnings = await this.store.limitsReachedBy(build.buildId, key, manager);
      return { stored: previous.lineCount, refused: lines.length - (previous.lineCount - warnings) };
    }
    const stored = await this.locks.openBuild(build, manager);
    if (stored.finished) throw new LogError(LogErrorCode.BUILD_FINISHED, `The log of build ${build.buildId} is finished; it takes no more lines`);

    const counts = await this.store.taskLineCounts(build.buildId, lines, manager);
    const countOf = (line: PreparedLine): TaskLineCount => {
      let count = counts.find((c) => c.tag === line.tag && c.executeCount === line.executeCount);
      if (!count) counts.push((count = { tag: line.tag, executeCount: line.executeCount, lineCount: 0, limitBatchKey: null }));
      return count;
    };
    const changed = new Set<TaskLineCount>();
    const rows: LogLineEntity[] = [];
    let lineNo = stored.lastLineNo;
    let refused = 0;
    for (const line of lines) {
      const count = countOf(line);
      if (count.lineCount < this.config.maxLinesPerTask) {
        rows.push({ ...line, lineNo: ++lineNo });
      } else {
        refused++;
        if (count.limitBatchKey !== null) continue;
        // The first line past the limit: one WARN line in its place, as BK-CI's agent prints.
        rows.push({ ...line, lineNo: ++lineNo, logType: 'WARN', subTag: '', message: `Printed logs cannot exceed ${this.config.maxLinesPerTask} lines; later lines of this task are not stored.` });
        count.limitBatchKey = key;
      }
      count.lineCount++;
      changed.add(count);
    }
    if (rows.length === 0) return { stored: 0, refused };

    await this.store.appendLines(build.buildId, key, rows, manager);
    await this.store.saveTaskLineCounts(build.buildId, [...changed], manager);
    await this.store.addSubTags(build.buildId, subTagsOf(rows), manager);
    // Committed with the lines: live tails in every replica learn the new last line number.
    emitEvent(tx.emit, LOG_LINES_STORED, { buildId: build.buildId, lastLineNo: lineNo });
    return { stored: rows.length, refused };
  }
}

/** The sub-tags each task's lines used, in first-seen order. */
function subTagsOf(rows: LogLineEntity[]): Map<string, string[]> {
  const byTag = new Map<string, string[]>();
  for (const { tag, subTag } of rows) {
    if (subTag === '') continue;
    const seen = byTag.get(tag) ?? [];
    if (!seen.includes(subTag)) seen.push(subTag);
    byTag.set(tag, seen);
  }
  return byTag;
}
