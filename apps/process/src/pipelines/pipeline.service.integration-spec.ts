import { Caller } from '@bkci/auth';
import { buildModel, TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { processApp } from '../process.app';
import { ProjectService } from '../projects/project.service';
import { TemplatePipelineRelationInput } from './dto/template-relation.dto';
import { PipelineInfoEntity } from './entities/pipeline-info.entity';
import { TemplatePipelineEntity } from './entities/template-pipeline.entity';
import { PipelineError, PipelineErrorCode } from './pipeline.errors';
import { PipelineService } from './pipeline.service';

const ALICE: Caller = { userId: 'alice', issuer: 'openapi', appCode: null, admin: false };
const BOB: Caller = { userId: 'bob', issuer: 'openapi', appCode: null, admin: false };
const PROJECT = 'relations';

function relation(pipelineId: string, overrides: Partial<TemplatePipelineRelationInput> = {}): TemplatePipelineRelationInput {
  return {
    projectId: PROJECT,
    pipelineId,
    templateId: 'tpl-1',
    templateVersion: 9007199254740,
    templateVersionName: 'v1.0',
    params: [{ id: 'ENV', required: true, type: 'STRING', defaultValue: 'dev' }],
    buildNo: null,
    userId: 'alice',
    ...overrides,
  };
}

describe('PipelineService', () => {
  const env = new TestEnvironment();
  let pipelines: PipelineService;
  let dataSource: DataSource;

  beforeAll(async () => {
    const { app } = await env.start(processApp);
    pipelines = app.get(PipelineService);
    dataSource = app.get(DataSource);
    await app.get(ProjectService).create(ALICE, { projectName: 'Relations', englishName: PROJECT });
  });

  afterAll(() => env.close());

  it('leaves no pipeline behind when the caller rolls its transaction back', async () => {
    const [pipeline] = await pipelines.prepareNew(ALICE, PROJECT, [{ model: buildModel('rolled-back'), versionAction: 'TEMPLATE_INSTANCE' }]);
    const rolledBack = dataSource.transaction(async (manager) => {
      const [{ pipelineId }] = await pipelines.insertNew(PROJECT, [{ pipeline, relation: relation(pipeline.info.pipelineId) }], manager);
      expect(await manager.countBy(PipelineInfoEntity, { pipelineId })).toBe(1);
      throw new Error('the caller gives up');
    });
    await expect(rolledBack).rejects.toThrow('the caller gives up');
    expect(await dataSource.getRepository(PipelineInfoEntity).countBy({ projectId: PROJECT, pipelineName: 'rolled-back' })).toBe(0);
    expect(await pipelines.countTemplateRelations(PROJECT, 'tpl-1')).toBe(0);
    // The name was never taken.
    await pipelines.create(ALICE, PROJECT, { model: buildModel('rolled-back') });
  });

  it('keeps everything the caller wrote in its transaction once it commits', async () => {
    const { pipelineId } = await pipelines.create(ALICE, PROJECT, {
      pipelineName: 'instance-a',
      model: buildModel('ignored'),
      versionAction: 'TEMPLATE_INSTANCE',
      instanceFromTemplate: true,
    });
    const next = await pipelines.prepareVersion(ALICE, PROJECT, pipelineId, { model: buildModel('instance-a', 'make'), versionName: 'from v1.0', versionAction: 'TEMPLATE_INSTANCE' });
    await dataSource.transaction(async (manager) => {
      await pipelines.appendVersion(next, manager);
      await pipelines.saveTemplateRelation(relation(pipelineId), manager);
    });
    expect(await pipelines.get(PROJECT, pipelineId)).toMatchObject({ pipelineName: 'instance-a', version: 2, versionName: 'from v1.0', instanceFromTemplate: true });
    const first = await pipelines.getVersion(PROJECT, pipelineId, 1);
    expect(first).toMatchObject({ versionAction: 'TEMPLATE_INSTANCE', baseVersion: null, status: 'RELEASED' });
    expect(first.model.name).toBe('instance-a');
    expect((await pipelines.getVersion(PROJECT, pipelineId)).baseVersion).toBe(1);
    expect(await pipelines.getTemplateRelation(PROJECT, pipelineId)).toMatchObject({ templateId: 'tpl-1', creator: 'alice' });
  });

  it('refuses a prepared version once the pipeline has moved on, while a plain save makes its version again', async () => {
    const { pipelineId } = await pipelines.create(ALICE, PROJECT, { model: buildModel('moved-on') });
    const stale = await pipelines.prepareVersion(ALICE, PROJECT, pipelineId, { model: buildModel('moved-on', 'stale') });
    const fresh = await pipelines.prepareVersion(BOB, PROJECT, pipelineId, { model: buildModel('moved-on', 'fresh') });
    await pipelines.appendVersion(fresh);

    const error = await pipelines.appendVersion(stale).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).code).toBe(PipelineErrorCode.SAVE_CONFLICT);
    expect(await pipelines.get(PROJECT, pipelineId)).toMatchObject({ version: 2, updater: 'bob' });
    expect(JSON.stringify((await pipelines.getVersion(PROJECT, pipelineId)).model)).toContain('fresh');

    await pipelines.saveVersion(ALICE, PROJECT, pipelineId, { model: buildModel('moved-on', 'again') });
    const latest = await pipelines.getVersion(PROJECT, pipelineId);
    expect(latest).toMatchObject({ version: 3, baseVersion: 2 });
    expect(latest.yaml).toContain('again');
  });

  it('inserts a relation, then updates it in place', async () => {
    const { pipelineId } = await pipelines.create(ALICE, PROJECT, { model: buildModel('instance-b') });
    const inserted = await pipelines.saveTemplateRelation(relation(pipelineId, { templateId: 'tpl-2' }));
    expect(inserted).toMatchObject({
      templateVersion: 9007199254740,
      instanceType: 'CONSTRAINT',
      rootTemplateId: 'tpl-2',
      status: 'UPDATED',
      buildNo: null,
      params: [{ id: 'ENV', required: true, type: 'STRING', defaultValue: 'dev' }],
      creator: 'alice',
      updater: 'alice',
    });
    const updated = await pipelines.saveTemplateRelation(
      relation(pipelineId, { templateId: 'tpl-2', templateVersion: 2, status: 'FAILED', instanceErrorInfo: 'boom', buildNo: { buildNo: 3, buildNoType: 'CONSISTENT' }, userId: 'bob' }),
    );
    expect(updated).toMatchObject({ templateVersion: 2, status: 'FAILED', instanceErrorInfo: 'boom', buildNo: { buildNo: 3 }, creator: 'alice', updater: 'bob' });
    expect(await pipelines.getTemplateRelation(PROJECT, pipelineId)).toEqual(updated);
    expect(await pipelines.countTemplateRelations(PROJECT, 'tpl-2')).toBe(1);
  });

  it('lists the live instances of a template by status and name, a page at a time', async () => {
    const names = ['svc 100%', 'svc_a', 'svc-b', 'other'];
    for (const name of names) {
      const { pipelineId } = await pipelines.create(ALICE, PROJECT, { model: buildModel(name) });
      await pipelines.saveTemplateRelation(relation(pipelineId, { templateId: 'tpl-3', status: name === 'other' ? 'FAILED' : 'UPDATED' }));
    }
    const all = await pipelines.listTemplateRelations(PROJECT, 'tpl-3', { pageSize: 3 });
    expect(all).toMatchObject({ count: 4, page: 1, pageSize: 3, totalPages: 2 });
    expect(all.records).toHaveLength(3);
    expect(all.records[0]).toMatchObject({ pipelineVersion: 1, pipelineVersionName: 'V1', templateId: 'tpl-3' });
    const secondPage = await pipelines.listTemplateRelations(PROJECT, 'tpl-3', { page: 2, pageSize: 3 });
    expect([...all.records, ...secondPage.records].map((r) => r.pipelineName).sort()).toEqual([...names].sort());

    const failed = await pipelines.listTemplateRelations(PROJECT, 'tpl-3', { status: 'FAILED' });
    expect(failed.records.map((r) => r.pipelineName)).toEqual(['other']);
    // LIKE wildcards in the search text match themselves only.
    const percent = await pipelines.listTemplateRelations(PROJECT, 'tpl-3', { pipelineName: '0%' });
    expect(percent.records.map((r) => r.pipelineName)).toEqual(['svc 100%']);
    const underscore = await pipelines.listTemplateRelations(PROJECT, 'tpl-3', { pipelineName: 'svc_' });
    expect(underscore.records.map((r) => r.pipelineName)).toEqual(['svc_a']);
  });

  it('orders the instances of a template by name, template version, update time or status, either way', async () => {
    // MariaDB keeps whole seconds, so the update times are set apart explicitly.
    const rows: Array<[string, number, 'UPDATED' | 'FAILED', string]> = [
      ['beta', 2, 'UPDATED', '2030-01-01T00:00:03Z'],
      ['alpha', 3, 'FAILED', '2030-01-01T00:00:01Z'],
      ['gamma', 1, 'UPDATED', '2030-01-01T00:00:02Z'],
    ];
    for (const [name, templateVersion, status, updatedAt] of rows) {
      const { pipelineId } = await pipelines.create(ALICE, PROJECT, { model: buildModel(`sorted-${name}`) });
      await pipelines.saveTemplateRelation(relation(pipelineId, { templateId: 'tpl-5', templateVersion, status }));
      await dataSource.getRepository(TemplatePipelineEntity).update({ pipelineId }, { updatedAt: new Date(updatedAt) });
    }
    const order = async (query: Parameters<PipelineService['listTemplateRelations']>[2]) =>
      (await pipelines.listTemplateRelations(PROJECT, 'tpl-5', query)).records.map((r) => r.pipelineName.replace('sorted-', ''));
    expect(await order({ sortType: 'PIPELINE_NAME', desc: false })).toEqual(['alpha', 'beta', 'gamma']);
    expect(await order({ sortType: 'PIPELINE_NAME' })).toEqual(['gamma', 'beta', 'alpha']);
    expect(await order({ sortType: 'VERSION', desc: false })).toEqual(['gamma', 'beta', 'alpha']);
    expect(await order({ sortType: 'UPDATE_TIME', desc: false })).toEqual(['alpha', 'gamma', 'beta']);
    expect(await order({})).toEqual(['beta', 'gamma', 'alpha']);
    const byStatus = await order({ sortType: 'STATUS', desc: true });
    expect(byStatus).toHaveLength(3);
    expect(byStatus[2]).toBe('alpha');
    expect((await order({ sortType: 'STATUS', desc: false }))[0]).toBe('alpha');
    const secondPage = await pipelines.listTemplateRelations(PROJECT, 'tpl-5', { sortType: 'PIPELINE_NAME', desc: false, page: 2, pageSize: 2 });
    expect(secondPage).toMatchObject({ count: 3, page: 2 });
    expect(secondPage.records.map((r) => r.pipelineName)).toEqual(['sorted-gamma']);
  });

  it('drops a deleted pipeline from its template\'s instances', async () => {
    const { pipelineId } = await pipelines.create(ALICE, PROJECT, { model: buildModel('instance-c') });
    await pipelines.saveTemplateRelation(relation(pipelineId, { templateId: 'tpl-4' }));
    await pipelines.delete(BOB, PROJECT, pipelineId);
    expect(await pipelines.getTemplateRelation(PROJECT, pipelineId)).toBeNull();
    expect(await pipelines.countTemplateRelations(PROJECT, 'tpl-4')).toBe(0);
    expect((await pipelines.listTemplateRelations(PROJECT, 'tpl-4')).count).toBe(0);
  });

  it('refuses a relation for a pipeline that does not exist', async () => {
    const error = await pipelines.saveTemplateRelation(relation('0123456789abcdef0123456789abcdef')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).code).toBe(PipelineErrorCode.PIPELINE_NOT_FOUND);
  });

  it('stores a Model that v3.0 YAML cannot express, without YAML', async () => {
    const model = buildModel('no-yaml');
    delete model.stages[1].containers[0].jobId;
    const { pipelineId } = await pipelines.create(ALICE, PROJECT, { model });
    const stored = await pipelines.getVersion(PROJECT, pipelineId);
    expect(stored.yaml).toBeNull();
    expect(stored.model.stages).toHaveLength(2);
    const expressible = await pipelines.create(ALICE, PROJECT, { model: buildModel('with-yaml') });
    expect((await pipelines.getVersion(PROJECT, expressible.pipelineId)).yaml).toContain('job_build');
  });
});
