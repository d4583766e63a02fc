import { Caller } from '@bkci/auth';
import { buildModel, TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { processApp } from '../process.app';
import { ProjectService } from '../projects/project.service';
import { PipelineInfoEntity } from './entities/pipeline-info.entity';
import { PipelineResourceVersionEntity } from './entities/pipeline-resource-version.entity';
import { PipelineDraftService } from './pipeline-draft.service';
import { PipelineError, PipelineErrorCode } from './pipeline.errors';

const ALICE: Caller = { userId: 'alice', issuer: 'openapi', appCode: null, admin: true };
const PROJECT = 'drafts';

const yamlNamed = (name: string, script = 'echo hi') => `version: v3.0
name: ${name}
stages:
  - name: build
    jobs:
      one:
        runs-on:
          pool-name: docker
        steps:
          - uses: linuxScript@1.*
            with:
              script: ${script}
`;

describe('PipelineDraftService', () => {
  const env = new TestEnvironment();
  let drafts: PipelineDraftService;
  let dataSource: DataSource;

  const info = (pipelineId: string) => dataSource.getRepository(PipelineInfoEntity).findOneByOrFail({ pipelineId });
  const statuses = async (pipelineId: string) =>
    (await dataSource.getRepository(PipelineResourceVersionEntity).find({ where: { pipelineId }, order: { version: 'ASC' } })).map((row) => [row.version, row.status]);

  beforeAll(async () => {
    const { app } = await env.start(processApp);
    drafts = app.get(PipelineDraftService);
    dataSource = app.get(DataSource);
    await app.get(ProjectService).create(ALICE, { projectName: 'Drafts', englishName: PROJECT });
  });

  afterAll(() => env.close());

  it('creates one pipeline when two saves create the same name at once', async () => {
    const results = await Promise.allSettled([0, 1].map(() => drafts.saveDraft(ALICE, PROJECT, { storageType: 'YAML', yaml: yamlNamed('twice') })));
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failure = results.find((result) => result.status === 'rejected')!.reason;
    expect(failure).toBeInstanceOf(PipelineError);
    expect(failure.code).toBe(PipelineErrorCode.NAME_EXISTS);
    expect(await dataSource.getRepository(PipelineInfoEntity).countBy({ projectId: PROJECT, pipelineName: 'twice' })).toBe(1);
  });

  it('releases a draft once when two releases race', async () => {
    const { pipelineId } = await drafts.saveDraft(ALICE, PROJECT, { storageType: 'YAML', yaml: yamlNamed('raced') });
    const results = await Promise.allSettled([0, 1].map(() => drafts.releaseDraft(ALICE, PROJECT, pipelineId, 1, {})));
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failure = results.find((result) => result.status === 'rejected')!.reason;
    expect([PipelineErrorCode.SAVE_CONFLICT, PipelineErrorCode.VERSION_NOT_FOUND]).toContain(failure.code);
    expect(await statuses(pipelineId)).toEqual([[1, 'RELEASED']]);
    expect(await info(pipelineId)).toMatchObject({ latestVersion: 1, latestVersionName: 'V1', revision: 2 });
  });

  it('keeps the draft and the release as they were when the draft’s new name is taken', async () => {
    const { pipelineId: takenId } = await drafts.saveDraft(ALICE, PROJECT, { storageType: 'YAML', yaml: yamlNamed('taken') });
    await drafts.releaseDraft(ALICE, PROJECT, takenId, 1, {});
    const { pipelineId } = await drafts.saveDraft(ALICE, PROJECT, { storageType: 'YAML', yaml: yamlNamed('renamer') });
    await drafts.releaseDraft(ALICE, PROJECT, pipelineId, 1, {});
    // The draft may carry any name: a name is claimed when the draft is released.
    await drafts.saveDraft(ALICE, PROJECT, { pipelineId, storageType: 'YAML', yaml: yamlNamed('taken', 'echo renamed') });

    const refused = drafts.releaseDraft(ALICE, PROJECT, pipelineId, 2, {});
    await expect(refused).rejects.toMatchObject({ code: PipelineErrorCode.NAME_EXISTS });
    expect(await statuses(pipelineId)).toEqual([
      [1, 'RELEASED'],
      [2, 'COMMITTING'],
    ]);
    expect(await info(pipelineId)).toMatchObject({ pipelineName: 'renamer', latestVersion: 1 });
    expect((await drafts.getDraft(PROJECT, pipelineId)).model.name).toBe('taken');
  });

  it('saves a Model draft with its setting, and refuses a wrong setting naming the field', async () => {
    const { pipelineId } = await drafts.saveDraft(ALICE, PROJECT, { modelAndSetting: { model: buildModel('modelled'), setting: { runLockType: 'SINGLE', maxQueueSize: 3 } } });
    const draft = await drafts.getDraft(PROJECT, pipelineId);
    expect(draft.setting).toMatchObject({ pipelineName: 'modelled', runLockType: 'SINGLE', maxQueueSize: 3 });
    expect(draft.yaml).toContain('name: modelled');

    const wrong = drafts.saveDraft(ALICE, PROJECT, { pipelineId, modelAndSetting: { model: buildModel('modelled'), setting: { runLockType: 'SOMETIMES' } } });
    await expect(wrong).rejects.toThrow('modelAndSetting.setting.runLockType must be one of MULTIPLE, SINGLE, SINGLE_LOCK, LOCK, GROUP_LOCK');
    expect((await drafts.getDraft(PROJECT, pipelineId)).setting.runLockType).toBe('SINGLE');
  });
});
