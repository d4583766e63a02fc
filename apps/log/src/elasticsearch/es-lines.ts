import type { LogLineEntity } from '../entities/log-line.entity';
import type { LogElasticsearchConfig } from '../log.config';
import { EsClient, reason, unavailable } from './es-client';

/** Elasticsearch's default index.max_result_window: one request returns at most this many hits. */
const RESULT_WINDOW = 10_000;
/** Lines per _bulk request: a thousand 16 KB lines stay well under http.max_content_length (100 MB). */
const BULK_LINES = 1000;

export type EsQuery = Record<string, unknown>;

/** The clauses of a bool query on lines (besides the build's own). */
export interface LineQuery {
  filter: EsQuery[];
  mustNot: EsQuery[];
}

/**
 * A build whose lines are in Elasticsearch, as its SQL row says: its pinned index, and its last
 * committed line number. Every query stops at that number: a bulk whose SQL transaction then
 * rolled back may have left documents past it, which the next batch overwrites (same ids).
 */
export interface EsBuild {
  buildId: string;
  index: string;
  lastLineNo: number;
}

interface Hit {
  _source?: LogLineEntity;
  sort: unknown[];
}

interface BulkAnswer {
  errors: boolean;
  items: Array<Record<string, { status: number; error?: unknown }>>;
}

/**
 * A line's document id: a retried or rolled-back bulk overwrites the same documents instead of
 * adding copies. BK-CI also puts executeCount in it; here line numbers are unique per build
 * (executeCount included), and leaving it out means a rolled-back batch's documents are always
 * overwritten by whichever batch takes its numbers next, whatever run that batch belongs to.
 */
function lineDocId(line: Pick<LogLineEntity, 'buildId' | 'lineNo'>): string {
  return `${line.buildId}_${line.lineNo}`;
}

/** The daily index a build's first line goes to: `<prefix>yyyy-MM-dd` in UTC, as BK-CI names them. */
export function dailyIndex(prefix: string, now: Date): string {
  return `${prefix}${now.toISOString().slice(0, 10)}`;
}

/**
 * A daily index: BK-CI's fields, but `message` is indexed for search. Its analyzer cuts it into
 * lowercased 3-character grams (each at the next position), so a match_phrase of a text is the
 * case-insensitive substring match the SQL stores give (as SQLite's FTS5 trigram index does).
 */
function indexDefinition(config: Pick<LogElasticsearchConfig, 'shards' | 'replicas'>): EsQuery {
  const keyword = { type: 'keyword' };
  const long = { type: 'long' };
  return {
    settings: {
      number_of_shards: config.shards,
      number_of_replicas: config.replicas,
      analysis: {
        tokenizer: { log_trigram: { type: 'ngram', min_gram: 3, max_gram: 3 } },
        analyzer: { log_trigram: { type: 'custom', tokenizer: 'log_trigram', filter: ['lowercase'] } },
      },
    },
    mappings: {
      dynamic: 'strict',
      properties: {
        buildId: keyword,
        lineNo: long,
        executeCount: long,
        timestamp: long,
        message: { type: 'text', analyzer: 'log_trigram', norms: false },
        logType: keyword,
        tag: keyword,
        subTag: keyword,
        containerHashId: keyword,
        jobId: keyword,
        stepId: keyword,
      },
    },
  };
}

/** The line operations on the cluster that the Elasticsearch stores share. */
export class EsLines {
  constructor(readonly client: EsClient) {}

  /** Creates an index with the log mapping; one that exists (made by another replica) is fine. */
  async createIndex(index: string, config: Pick<LogElasticsearchConfig, 'shards' | 'replicas'>): Promise<void> {
    const answer = await this.client.json('PUT', `/${index}`, indexDefinition(config), [400]);
    const refusal = answer.status === 400 ? reason(answer.body) : null;
    if (refusal !== null && !refusal.startsWith('resource_already_exists_exception')) throw unavailable('PUT', `/${index}`, `HTTP 400: ${refusal}`);
  }

  /**
   * Indexes the lines and answers once they are visible to search (refresh=wait_for): the SQL
   * transaction that gives out their numbers commits after this, and a reader told of those
   * numbers must find the lines.
   */
  async store(index: string, lines: LogLineEntity[]): Promise<void> {
    for (let i = 0; i < lines.length; i += BULK_LINES) {
      const items = lines.slice(i, i + BULK_LINES).flatMap((line) => [{ index: { _index: index, _id: lineDocId(line) } }, document(line)]);
      const answer = await this.client.ndjson<BulkAnswer>('/_bulk?refresh=wait_for', items);
      if (!answer.errors) continue;
      const failed = answer.items.map((item) => Object.values(item)[0]).find((result) => result.status >= 300);
      throw unavailable('POST', '/_bulk', `HTTP ${failed?.status ?? '?'} for a line of ${index}: ${reason({ error: failed?.error }) ?? 'unknown error'}`);
    }
  }

  /**
   * Up to `limit` lines of the build matching `query`, by line number in `order`, after skipping
   * `offset` of them. Pages past Elasticsearch's result window with search_after on the line
   * number, which is unique in a build, so no point in time is needed.
   */
  async find(build: EsBuild, query: LineQuery, order: 'asc' | 'desc', limit: number, offset = 0): Promise<LogLineEntity[]> {
    let after: unknown[] | undefined;
    for (let skip = offset; skip > 0; ) {
      const size = Math.min(skip, RESULT_WINDOW);
      const hits = await this.page(build, query, order, size, after, false);
      if (hits.length < size) return [];
      after = hits[hits.length - 1].sort;
      skip -= size;
    }
    const lines: LogLineEntity[] = [];
    while (lines.length < limit) {
      const size = Math.min(limit - lines.length, RESULT_WINDOW);
      const hits = await this.page(build, query, order, size, after, true);
      lines.push(...hits.map((hit) => hit._source as LogLineEntity));
      if (hits.length < size) break;
      after = hits[hits.length - 1].sort;
    }
    return lines;
  }

  /** How many lines of each build match `query` (builds with none are absent). */
  async count(builds: EsBuild[], query: LineQuery): Promise<Map<string, number>> {
    if (builds.length === 0) return new Map();
    const indices = [...new Set(builds.map((build) => build.index))].join(',');
    const body = {
      size: 0,
      track_total_hits: false,
      query: { bool: { filter: [...query.filter, { bool: { should: builds.map((build) => ({ bool: { filter: ownLines(build) } })), minimum_should_match: 1 } }], must_not: query.mustNot } },
      // One bucket per build at most, so the counts are exact whatever the number of shards.
      aggs: { builds: { terms: { field: 'buildId', size: builds.length } } },
    };
    const answer = await this.client.json<{ aggregations?: { builds: { buckets: Array<{ key: string; doc_count: number }> } } }>(
      'POST',
      `/${indices}/_search?ignore_unavailable=true`,
      body,
    );
    return new Map((answer.body.aggregations?.builds.buckets ?? []).map((bucket) => [bucket.key, bucket.doc_count]));
  }

  /** Deletes up to `max` of the build's documents (those past its last line number too); answers how many went. */
  async deleteLines(index: string, buildId: string, max: number): Promise<number> {
    const answer = await this.client.json<{ deleted?: number }>(
      'POST',
      `/${index}/_delete_by_query?max_docs=${max}&conflicts=proceed&refresh=true&ignore_unavailable=true`,
      { query: { term: { buildId } } },
      [404],
    );
    return answer.status === 404 ? 0 : (answer.body.deleted ?? 0);
  }

  private async page(build: EsBuild, query: LineQuery, order: 'asc' | 'desc', size: number, after: unknown[] | undefined, source: boolean): Promise<Hit[]> {
    const body = {
      size,
      track_total_hits: false,
      _source: source,
      query: { bool: { filter: [...ownLines(build), ...query.filter], must_not: query.mustNot } },
      sort: [{ lineNo: order }],
      ...(after && { search_after: after }),
    };
    // A missing index (removed by hand or by an index lifecycle policy) reads as no lines.
    const answer = await this.client.json<{ hits: { hits: Hit[] } }>('POST', `/${build.index}/_search?ignore_unavailable=true`, body);
    return answer.body.hits.hits;
  }
}

/** The build's committed lines. */
function ownLines(build: EsBuild): EsQuery[] {
  return [{ term: { buildId: build.buildId } }, { range: { lineNo: { lte: build.lastLineNo } } }];
}

/** The mapped fields only: the mapping is strict, and a row may carry more than a line's fields. */
function document(line: LogLineEntity): LogLineEntity {
  const { buildId, lineNo, executeCount, timestamp, message, logType, tag, subTag, containerHashId, jobId, stepId } = line;
  return { buildId, lineNo, executeCount, timestamp, message, logType, tag, subTag, containerHashId, jobId, stepId };
}
