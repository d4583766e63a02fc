import { Inject, Injectable } from '@nestjs/common';
import { emitEvent, LOG_LINES_STORED } from '@bkci/contracts';
import { OutboxTransaction } from '@bkci/messaging';
import { LOG_CONFIG, LogConfig } from '../log.config';
import { LogError, LogErrorCode } from '../log.errors';
import { batchKey } from './batch-key';
import { LogMessageDto } from './dto/log-message.dto';
import { asksToRetry, BuildLocks, BuildRef } from './build-locks';
import { GroupCommit } from './group-commit';
import { answerAgain, GroupNumbering, Outcome, PreparedLine } from './group-numbering';
import { Highlight, highlight, secretMasker, splitByBytes } from './log-text';
import { LogWriteStore } from './log-write.store';
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

/** A batch waiting for its group, known by its key. */
interface QueuedBatch {
  request: PrintRequest;
  key: string;
}

interface PreparedBatch extends QueuedBatch {
  lines: PreparedLine[];
}

/** Lines of one group at most: it bounds how long a group's transaction holds the build's lock. */
const MAX_GROUP_LINES = 10_000;

/**
 * BK-CI's print path (BuildLogPrintService → BuildLogListenerService → LogService.addLogEvent),
 * done synchronously: a batch is acknowledged only once its lines are committed.
 *
 * Batches of one build that arrive while an earlier one of the build is being written are written
 * together (group commit): one lock, one ask for the secrets, one transaction and one event for
 * the group, each batch still getting its own consecutive line numbers and its own answer.
 */
@Injectable()
export class LogIngestService {
  private readonly groups = new GroupCommit<QueuedBatch, Outcome>(
    (buildId, batches) => this.writeGroup(buildId, batches),
    (batch) => batch.request.messages.length,
    MAX_GROUP_LINES,
    // "Come back later" (the build's lock busy, ticket unreachable): writing each alone would wait again.
    asksToRetry,
  );

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
      const outcome = await this.groups.submit(request.build.buildId, { request, key });
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

  /**
   * The secrets are asked for after every batch of the group has arrived (and anew for every
   * group, never cached), so a secret the build read before sending any of them is masked; the
   * build's lock is taken meanwhile.
   */
  private writeGroup(buildId: string, batches: QueuedBatch[]): Promise<Outcome[]> {
    return this.locks.inTransactionAlongside(buildId, this.secrets.of(buildId), (tx, secrets) => {
      const mask = secretMasker(secrets);
      return this.append(tx, buildId, batches.map((batch) => ({ ...batch, lines: this.prepare(batch.request, mask) })));
    });
  }

  /** Masks first (so no cut can split a secret and leave its halves unmasked), then highlights and splits. */
  private prepare(request: PrintRequest, mask: (message: string) => string): PreparedLine[] {
    const now = Date.now();
    return request.messages.flatMap((m) => {
      const masked = mask(m.message);
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
   * Numbers and stores a group's lines in one transaction, under the build's lock: the batch check,
   * the read of the last line number, the inserts and the new last line number commit together or
   * not at all. So numbers are gapless and unique by construction: a crash before commit stores
   * nothing and gives out no number. (BK-CI hands out numbers with Redis INCRBY before storing, so
   * a failed store leaves a gap, and a counter lost from Redis re-seeded from the table can repeat
   * numbers.) The lock only keeps writers from colliding; the transaction is the guarantee.
   */
  private async append(tx: OutboxTransaction, buildId: string, batches: PreparedBatch[]): Promise<Outcome[]> {
    const { manager } = tx;
    // A batch sent before is answered as the first time, storing nothing (even once the log is finished).
    const stored = await this.store.findBatches(buildId, batches.map((batch) => batch.key), manager);
    const fresh = batches.filter((batch) => !stored.has(batch.key));
    const numbering = fresh.length > 0 ? await this.startNumbering(buildId, fresh, manager) : null;
    const outcomes: Outcome[] = [];
    for (const batch of batches) {
      const previous = stored.get(batch.key);
      if (previous) outcomes.push(answerAgain(previous.lineCount, await this.store.limitsReachedBy(buildId, batch.key, manager), batch.lines.length));
      else if (numbering) outcomes.push(numbering.add(batch.key, batch.lines));
    }
    if (!numbering || numbering.rows.length === 0) return outcomes;

    await this.store.appendLines(buildId, numbering.rows, numbering.batches, manager);
    await this.store.saveTaskLineCounts(buildId, [...numbering.changed], manager);
    await this.store.addSubTags(buildId, subTagsOf(numbering.rows), manager);
    // Committed with the lines: live tails in every replica learn the new last line number.
    emitEvent(tx.emit, LOG_LINES_STORED, { buildId, lastLineNo: numbering.lastNumber });
    return outcomes;
  }

  /** Opens the build's log for `fresh` batches and reads where its numbering and task counts stand. */
  private async startNumbering(buildId: string, fresh: PreparedBatch[], manager: OutboxTransaction['manager']): Promise<GroupNumbering> {
    // A service may name the build alone; any batch that names its project can start its log.
    const build = await this.locks.openBuild(fresh.find((batch) => batch.request.build.projectId !== null)?.request.build ?? fresh[0].request.build, manager);
    if (build.finished) throw new LogError(LogErrorCode.BUILD_FINISHED, `The log of build ${buildId} is finished; it takes no more lines`);
    const counts = await this.store.taskLineCounts(buildId, fresh.flatMap((batch) => batch.lines), manager);
    return new GroupNumbering(build.lastLineNo, counts, this.config.maxLinesPerTask);
  }
}

/** The sub-tags each task's lines used, in first-seen order. */
function subTagsOf(rows: PreparedLine[]): Map<string, string[]> {
  const byTag = new Map<string, string[]>();
  for (const { tag, subTag } of rows) {
    if (subTag === '') continue;
    const seen = byTag.get(tag) ?? [];
    if (!seen.includes(subTag)) seen.push(subTag);
    byTag.set(tag, seen);
  }
  return byTag;
}
