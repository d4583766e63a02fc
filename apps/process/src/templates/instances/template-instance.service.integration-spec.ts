import { Caller } from '@bkci/auth';
import { BuildFormProperty, getTriggerContainer, Model } from '@bkci/pipeline-model';
import { buildModel, TestEnvironment, waitFor } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { PipelineService } from '../../pipelines/pipeline.service';
import { processApp } from '../../process.app';
import { ProjectService } from '../../projects/project.service';
import { TemplateError, TemplateErrorCode } from '../template.errors';
import { TemplateVersionManager } from '../version/template-version.manager';
import { TemplateInstanceItemEntity } from './entities/template-instance-item.entity';
import { TemplateInstanceService } from './template-instance.service';

const IVY: Caller = { userId: 'ivy', issuer: 'openapi', appCode: null, admin: false };
const PROJECT = 'inst';

const input = (id: string, defaultValue: string): BuildFormProperty => ({ id, type: 'STRING', required: true, defaultValue });

/** A template model whose build step runs `script` and whose trigger offers `params`. */
function templateModel(script: string, params: BuildFormProperty[]): Model {
  const model = buildModel('template', script);
  getTriggerContainer(model).params = params;
  return model;
}

const scriptOf = (model: Model) => (model.stages[1].containers[0].elements[0] as { script: string }).script;

/** Instantiation from a released template, synchronous and by batch, with the real pipelines and relations. */
describe('TemplateInstanceService', () => {
  const env = new TestEnvironment({ BKCI_TEMPLATE_SYNC_INSTANCE_LIMIT: '3' });
  let instances: TemplateInstanceService;
  let versions: TemplateVersionManager;
  let pipelines: PipelineService;
  let dataSource: DataSource;

  async function release(templateId: string, model: Model): Promise<number> {
    const draft = await versions.deploy({ kind: 'DRAFT_SAVE', caller: IVY, projectId: PROJECT, templateId, body: { type: 'PIPELINE', model: model as never } });
    return (await versions.deploy({ kind: 'DRAFT_RELEASE', caller: IVY, projectId: PROJECT, templateId, version: draft.version, body: {} })).version;
  }

  async function releasedTemplate(name: string, model: Model): Promise<{ templateId: string; version: number }> {
    const { templateId } = await versions.deploy({ kind: 'CUSTOM_CREATE', caller: IVY, projectId: PROJECT, body: { type: 'PIPELINE', name } });
    return { templateId, version: await release(templateId, model) };
  }

  beforeAll(async () => {
    const { app } = await env.start(processApp);
    instances = app.get(TemplateInstanceService);
    versions = app.get(TemplateVersionManager);
    pipelines = app.get(PipelineService);
    dataSource = app.get(DataSource);
    await app.get(ProjectService).create(IVY, { projectName: 'Instances', englishName: PROJECT });
  });

  afterAll(() => env.close());

  it('creates instances now, each with the template model, the params it overrides and a relation', async () => {
    const { templateId, version } = await releasedTemplate('sync', templateModel('make', [input('env', 'dev')]));
    const result = await instances.instantiateNow(IVY, PROJECT, templateId, version, 'CREATE', {
      instanceReleaseInfos: [{ pipelineName: 'sync-a', param: [input('env', 'prod')], overrideTemplateField: { paramIds: ['env'] } }, { pipelineName: 'sync-b' }],
    });
    expect(result).toMatchObject({ status: 0, message: null, data: { successPipelines: ['sync-a', 'sync-b'], failurePipelines: [] } });
    const ids = result.data.successPipelinesId;
    expect(ids).toHaveLength(2);

    const [a, b] = await Promise.all(ids.map((id) => pipelines.getVersion(PROJECT, id)));
    expect(scriptOf(a.model)).toBe('make');
    expect(getTriggerContainer(a.model).params.map((p) => [p.id, p.defaultValue])).toEqual([['env', 'prod']]);
    expect(getTriggerContainer(b.model).params.map((p) => [p.id, p.defaultValue])).toEqual([['env', 'dev']]);
    expect(await pipelines.getTemplateRelation(PROJECT, ids[0])).toMatchObject({ templateId, templateVersion: version, status: 'UPDATED' });
    expect(await pipelines.countTemplateRelations(PROJECT, templateId)).toBe(2);
  });

  it('moves an instance to a newer version, keeping its params, and reports the ones that fail', async () => {
    const { templateId, version: v1 } = await releasedTemplate('sync-update', templateModel('echo old', [input('env', 'dev')]));
    const created = await instances.instantiateNow(IVY, PROJECT, templateId, v1, 'CREATE', { instanceReleaseInfos: [{ pipelineName: 'upd-a', param: [input('env', 'prod')], overrideTemplateField: { paramIds: ['env'] } }] });
    const [pipelineId] = created.data.successPipelinesId;
    const v2 = await release(templateId, templateModel('echo new', [input('env', 'dev')]));

    const updated = await instances.instantiateNow(IVY, PROJECT, templateId, v2, 'UPDATE', {
      instanceReleaseInfos: [{ pipelineId, pipelineName: 'upd-a' }, { pipelineName: 'no-id' }],
    });
    expect(updated).toMatchObject({ status: 1, data: { successPipelines: ['upd-a'], failurePipelines: ['no-id'] } });
    expect(updated.data.failureMessages['no-id']).toContain('pipelineId');
    const latest = await pipelines.getVersion(PROJECT, pipelineId);
    expect(latest.version).toBe(2);
    expect(scriptOf(latest.model)).toBe('echo new');
    expect(getTriggerContainer(latest.model).params.map((p) => [p.id, p.defaultValue])).toEqual([['env', 'prod']]);
    expect(await pipelines.getTemplateRelation(PROJECT, pipelineId)).toMatchObject({ templateVersion: v2 });
  });

  it('refuses more pipelines than the sync limit, and makes none', async () => {
    const { templateId, version } = await releasedTemplate('too-many', templateModel('make', []));
    const infos = ['x1', 'x2', 'x3', 'x4'].map((pipelineName) => ({ pipelineName }));
    await expect(instances.instantiateNow(IVY, PROJECT, templateId, version, 'CREATE', { instanceReleaseInfos: infos })).rejects.toThrow('asynchronous');
    expect(await pipelines.countTemplateRelations(PROJECT, templateId)).toBe(0);
  });

  it('accepts a batch with its items, and the worker finishes it', async () => {
    const { templateId, version } = await releasedTemplate('batch', templateModel('make', [input('env', 'dev')]));
    const names = ['batch-0', 'batch-1', 'batch-2', 'batch-3', 'batch-4'];
    const baseId = await instances.submitBatch(IVY, PROJECT, templateId, version, 'CREATE', { instanceReleaseInfos: names.map((pipelineName) => ({ pipelineName })) });
    expect(await dataSource.getRepository(TemplateInstanceItemEntity).countBy({ baseId })).toBe(5);

    await waitFor(async () => !['INIT', 'INSTANCING'].includes((await instances.batch(PROJECT, baseId)).status), 60_000, 'the batch to finish');
    expect(await instances.batch(PROJECT, baseId)).toMatchObject({ status: 'SUCCESS', totalItemNum: 5, successItemNum: 5, failItemNum: 0, creator: 'ivy' });
    const items = await instances.batchItems(PROJECT, baseId, undefined, { pageSize: 10 });
    expect(items.count).toBe(5);
    expect(items.records.map((item) => [item.pipelineName, item.status]).sort()).toEqual(names.map((name) => [name, 'SUCCESS']));
    expect(await pipelines.countTemplateRelations(PROJECT, templateId)).toBe(5);
    const listed = await instances.listBatches(PROJECT, templateId, undefined, {});
    expect(listed.records.map((base) => base.id)).toEqual([baseId]);
  });

  it('refuses a batch whose pipelines share a name, and an unknown batch', async () => {
    const { templateId, version } = await releasedTemplate('batch-bad', templateModel('make', []));
    const twice = [{ pipelineName: 'same' }, { pipelineName: 'same' }];
    await expect(instances.submitBatch(IVY, PROJECT, templateId, version, 'CREATE', { instanceReleaseInfos: twice })).rejects.toThrow('pipelineName');
    expect((await instances.listBatches(PROJECT, templateId, undefined, {})).count).toBe(0);
    const error = await instances.batch(PROJECT, 'no-such-batch').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).code).toBe(TemplateErrorCode.BATCH_NOT_FOUND);
  });
});
