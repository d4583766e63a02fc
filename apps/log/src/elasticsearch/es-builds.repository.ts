import { EntityManager, In } from 'typeorm';
import { LogBuildEntity } from '../entities/log-build.entity';
import type { EsBuild } from './es-lines';

/**
 * Where the named builds' lines are: those with a pinned index in Elasticsearch (`es`), the others
 * in SQL (`sql`: stored before the switch to Elasticsearch, or no lines yet).
 */
export async function buildsByStore(manager: EntityManager, buildIds: string[]): Promise<{ es: EsBuild[]; sql: string[] }> {
  if (buildIds.length === 0) return { es: [], sql: [] };
  const rows = await manager.find(LogBuildEntity, { select: { buildId: true, indexName: true, lastLineNo: true }, where: { buildId: In(buildIds) } });
  const es = rows.filter((row) => row.indexName).map((row) => ({ buildId: row.buildId, index: row.indexName as string, lastLineNo: row.lastLineNo }));
  return { es, sql: buildIds.filter((buildId) => !es.some((build) => build.buildId === buildId)) };
}

/** The build's lines in Elasticsearch, or null when they are in SQL (or it has none). */
export async function esBuild(manager: EntityManager, buildId: string): Promise<EsBuild | null> {
  return (await buildsByStore(manager, [buildId])).es[0] ?? null;
}
