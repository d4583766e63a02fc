/** The storage operations of retention, so that an Elasticsearch adapter can replace the SQL one. */
export abstract class LogRetentionStore {
  /** Up to `limit` builds created before `before` whose log was not cleaned yet, oldest first. */
  abstract expiredBuilds(before: Date, limit: number): Promise<string[]>;
  /** Deletes up to `limit` of the build's lines (the lowest line numbers); answers how many went. */
  abstract deleteLines(buildId: string, limit: number): Promise<number>;
  /** Deletes the build's batches, statuses and sub-tags and marks its log cleaned, in one transaction. */
  abstract markCleaned(buildId: string, now: Date): Promise<void>;
}
