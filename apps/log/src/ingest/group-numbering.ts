import type { LogLineEntity } from '../entities/log-line.entity';
import type { NewBatch, TaskLineCount } from './log-write.store';

/** A line ready to be numbered: masked, highlighted, split, with BK-CI's defaults filled in. */
export type PreparedLine = Omit<LogLineEntity, 'lineNo'>;

/** What became of a batch's lines. */
export interface Outcome {
  stored: number;
  /** Lines of tasks that had reached their limit. */
  refused: number;
}

/**
 * A batch sent before is answered as the first time, storing nothing: its stored lines were the
 * lines kept plus one WARN line per task it took to the limit; every other line of it was refused.
 */
export function answerAgain(stored: number, warnings: number, lines: number): Outcome {
  return { stored, refused: lines - (stored - warnings) };
}

/**
 * Numbers, in memory, the lines of the batches of one group (see GroupCommit), in the order they
 * are added, after the build's last line number, and applies the lines-per-task limit. Run inside
 * the transaction that read `lastLineNo` and `counts` and that then stores `rows`, `batches` and
 * `changed`: each batch gets its own consecutive range and its own batch row.
 */
export class GroupNumbering {
  readonly rows: LogLineEntity[] = [];
  readonly batches: NewBatch[] = [];
  /** The task counts this group moved, to be saved. */
  readonly changed = new Set<TaskLineCount>();
  /** Batches of this group by key, so a batch sent twice into the same group is stored once. */
  private readonly added = new Map<string, { stored: number; warnings: number }>();

  constructor(
    private lastLineNo: number,
    private readonly counts: TaskLineCount[],
    private readonly maxLinesPerTask: number,
  ) {}

  /** The highest number given out so far. */
  get lastNumber(): number {
    return this.lastLineNo;
  }

  add(key: string, lines: PreparedLine[]): Outcome {
    const earlier = this.added.get(key);
    if (earlier) return answerAgain(earlier.stored, earlier.warnings, lines.length);
    const first = this.rows.length;
    let refused = 0;
    let warnings = 0;
    for (const line of lines) {
      const count = this.countOf(line);
      if (count.lineCount < this.maxLinesPerTask) {
        this.rows.push({ ...line, lineNo: ++this.lastLineNo });
      } else {
        refused++;
        if (count.limitBatchKey !== null) continue;
        // The first line past the limit: one WARN line in its place, as BK-CI's agent prints.
        this.rows.push({ ...line, lineNo: ++this.lastLineNo, logType: 'WARN', subTag: '', message: `Printed logs cannot exceed ${this.maxLinesPerTask} lines; later lines of this task are not stored.` });
        count.limitBatchKey = key;
        warnings++;
      }
      count.lineCount++;
      this.changed.add(count);
    }
    const stored = this.rows.length - first;
    this.added.set(key, { stored, warnings });
    // A batch that stored nothing leaves no record: sent again, it is refused again.
    if (stored > 0) this.batches.push({ batchKey: key, firstLineNo: this.rows[first].lineNo, lineCount: stored });
    return { stored, refused };
  }

  private countOf(line: PreparedLine): TaskLineCount {
    let count = this.counts.find((c) => c.tag === line.tag && c.executeCount === line.executeCount);
    if (!count) this.counts.push((count = { tag: line.tag, executeCount: line.executeCount, lineCount: 0, limitBatchKey: null }));
    return count;
  }
}
