import { buildModel, TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { DataSource, In, ObjectLiteral } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { PipelineInfoEntity } from '../apps/process/src/pipelines/entities/pipeline-info.entity';
import { PipelineResourceVersionEntity } from '../apps/process/src/pipelines/entities/pipeline-resource-version.entity';
import { TemplatePipelineEntity } from '../apps/process/src/pipelines/entities/template-pipeline.entity';
import { processApp } from '../apps/process/src/process.app';
import { TemplateInstanceBaseEntity } from '../apps/process/src/templates/instances/entities/template-instance-base.entity';

/**
 * One asynchronous batch of PIPELINES instances of one template on MariaDB (the services profile:
 * RabbitMQ and Redis too), timed from acceptance to SUCCESS, against plain bulk INSERTs of the
 * same rows (pipelines, their versions, their template relations) into copies of those tables.
 */
const PIPELINES = Number(process.env.BENCH_PIPELINES ?? 1000);
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

async function main(): Promise<void> {
  const env = new TestEnvironment({ BKCI_PROFILE: 'services', BKCI_LOG_LEVEL: 'warn' });
  try {
    const processRunning = await env.start(processApp);
    const gateway = (await env.start(openapiApp)).url;
    const dataSource = processRunning.app.get(DataSource);
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${gateway}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = (await response.json()) as { data: unknown; message: string };
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${json.message}`);
      return json.data as Record<string, unknown>;
    };
    await api('POST', '/ms/process/api/user/projects', { projectName: 'Bench', englishName: 'bench' });
    const templates = '/ms/process/api/user/pipeline/template/v2/bench';
    const { templateId } = await api('POST', `${templates}/create`, { type: 'PIPELINE', name: 'bench' });
    const draft = await api('PUT', `${templates}/saveDraft?templateId=${templateId}`, { type: 'PIPELINE', model: buildModel('bench') });
    const { version } = await api('POST', `${templates}/${templateId}/releaseVersion/${draft.version}`, {});

    const infos = Array.from({ length: PIPELINES }, (_, i) => ({ pipelineName: `bench-${i}` }));
    const started = performance.now();
    const baseId = (await api('POST', `/ms/process/api/user/template/instances/v2/projects/bench/templates/async/${templateId}?version=${version}`, {
      instanceReleaseInfos: infos,
    })) as unknown as string;
    for (;;) {
      const base = await dataSource.manager.findOneByOrFail(TemplateInstanceBaseEntity, { id: baseId });
      if (!['INIT', 'INSTANCING'].includes(base.status)) {
        if (base.status !== 'SUCCESS') throw new Error(`batch ended ${base.status}`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const batchMs = performance.now() - started;

    const pipelines = await dataSource.manager.findBy(PipelineInfoEntity, { projectId: 'bench' });
    const ids = pipelines.map((p) => p.pipelineId);
    const versions = await dataSource.manager.findBy(PipelineResourceVersionEntity, { pipelineId: In(ids) });
    const relations = await dataSource.manager.findBy(TemplatePipelineEntity, { pipelineId: In(ids) });
    const bulkMs = await bulkInsertCopies(dataSource, [
      [PipelineInfoEntity, pipelines],
      [PipelineResourceVersionEntity, versions],
      [TemplatePipelineEntity, relations],
    ]);

    console.log(`profile services (MariaDB, RabbitMQ, Redis); ${PIPELINES} pipelines from one template in one asynchronous batch`);
    console.log(`batch: ${(batchMs / 1000).toFixed(2)} s (${((PIPELINES * 1000) / batchMs).toFixed(0)} pipelines/s)`);
    console.log(`plain bulk INSERT of the same ${pipelines.length + versions.length + relations.length} rows: ${(bulkMs / 1000).toFixed(2)} s`);
    console.log(`ratio (batch / bulk insert): ${(batchMs / bulkMs).toFixed(1)}`);
  } finally {
    await env.close();
  }
}

/** Inserts `rows` into `copy_<table>` (made LIKE the table) in chunks of 500, and returns the time the inserts took. */
async function bulkInsertCopies(dataSource: DataSource, sets: Array<[new () => ObjectLiteral, ObjectLiteral[]]>): Promise<number> {
  const copies: Array<{ table: string; rows: ObjectLiteral[]; columns: string[] }> = [];
  for (const [entity, rows] of sets) {
    const metadata = dataSource.getMetadata(entity);
    await dataSource.query(`CREATE TABLE copy_${metadata.tableName} LIKE ${metadata.tableName}`);
    copies.push({
      table: `copy_${metadata.tableName}`,
      rows: rows.map((row) => metadata.columns.map((c) => dataSource.driver.preparePersistentValue(c.getEntityValue(row, true), c))),
      columns: metadata.columns.map((c) => `\`${c.databaseName}\``),
    });
  }
  const started = performance.now();
  for (const { table, rows, columns } of copies) {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500) as unknown as unknown[][];
      const placeholders = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
      await dataSource.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${placeholders}`, chunk.flat());
    }
  }
  return performance.now() - started;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
