import { Caller } from '@bkci/auth';
import { TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { processApp } from '../../process.app';
import { ProjectService } from '../../projects/project.service';
import { TemplateDraftVersionEntity } from '../entities/template-draft-version.entity';
import { TemplateInfoEntity } from '../entities/template-info.entity';
import { TemplateOperationLogEntity } from '../entities/template-operation-log.entity';
import { TemplateResourceVersionEntity } from '../entities/template-resource-version.entity';
import { TemplateError, TemplateErrorCode } from '../template.errors';
import { TemplateVersionManager } from './template-version.manager';

const DORA: Caller = { userId: 'dora', issuer: 'openapi', appCode: null, admin: false };
const PROJECT = 'chain';

/** A v3.0 YAML draft whose one step runs `script`: it tells versions apart. */
const yamlOf = (name: string, script: string) =>
  `version: v3.0\nname: ${name}\nstages:\n  - name: build\n    jobs:\n      job1:\n        runs-on: docker\n        steps:\n          - run: ${script}\n`;

/** The template version chain (converters, validator, handlers, post-processors) on the real process database. */
describe('TemplateVersionManager', () => {
  const env = new TestEnvironment();
  let versions: TemplateVersionManager;
  let dataSource: DataSource;

  const create = (name: string) => versions.deploy({ kind: 'CUSTOM_CREATE', caller: DORA, projectId: PROJECT, body: { type: 'PIPELINE', name } });
  const save = (templateId: string, script: string, baseDraftVersion?: number) =>
    versions.deploy({ kind: 'DRAFT_SAVE', caller: DORA, projectId: PROJECT, templateId, body: { type: 'PIPELINE', storageType: 'YAML', yaml: yamlOf('t', script), baseDraftVersion } });
  const release = (templateId: string, version: number, customVersionName?: string) =>
    versions.deploy({ kind: 'DRAFT_RELEASE', caller: DORA, projectId: PROJECT, templateId, version, body: { customVersionName } });
  const rowsOf = (templateId: string) => dataSource.getRepository(TemplateResourceVersionEntity).find({ where: { templateId }, order: { number: 'ASC', version: 'ASC' } });
  const infoOf = (templateId: string) => dataSource.getRepository(TemplateInfoEntity).findOneByOrFail({ id: templateId });

  async function codeOf(promise: Promise<unknown>): Promise<number> {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    return (error as TemplateError).code;
  }

  beforeAll(async () => {
    const { app } = await env.start(processApp);
    versions = app.get(TemplateVersionManager);
    dataSource = app.get(DataSource);
    await app.get(ProjectService).create(DORA, { projectName: 'Chain', englishName: PROJECT });
  });

  afterAll(() => env.close());

  it('creates a template as a draft, saves the draft in place, then releases it', async () => {
    const created = await create('build-template');
    expect(created).toMatchObject({ projectId: PROJECT, templateName: 'build-template', versionAction: 'SAVE_DRAFT', draftVersion: 1, versionNum: null });
    const { templateId, version } = created;
    expect(await infoOf(templateId)).toMatchObject({ name: 'build-template', latestVersionStatus: 'COMMITTING', releasedVersion: null, creator: 'dora' });

    const saved = await save(templateId, 'make');
    expect(saved).toMatchObject({ templateId, version, draftVersion: 2 });
    const drafts = await rowsOf(templateId);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ version, status: 'COMMITTING', draftVersion: 2 });
    expect(drafts[0].yaml).toContain('make');
    expect(await dataSource.getRepository(TemplateDraftVersionEntity).countBy({ templateId })).toBe(2);

    const released = await release(templateId, version);
    expect(released).toMatchObject({ version, versionNum: 1, versionName: 'V1(P1.T1.1)', versionAction: 'RELEASE_DRAFT' });
    const [row] = await rowsOf(templateId);
    expect(row).toMatchObject({ status: 'RELEASED', versionNum: 1, versionName: 'V1(P1.T1.1)' });
    expect(await infoOf(templateId)).toMatchObject({ releasedVersion: version, releasedVersionName: 'V1(P1.T1.1)', latestVersionStatus: 'RELEASED' });
  });

  it('refuses to release a template without a build stage, or a version no longer a draft, and changes nothing', async () => {
    const { templateId, version } = await create('released-once');
    expect(await codeOf(release(templateId, version))).toBe(TemplateErrorCode.MODEL_INVALID);
    await save(templateId, 'make');
    await release(templateId, version);
    const before = await rowsOf(templateId);
    expect(await codeOf(release(templateId, version))).toBe(TemplateErrorCode.NOT_A_DRAFT);
    expect(await rowsOf(templateId)).toEqual(before);
  });

  it('starts the next draft from the latest release, and its release names the next version', async () => {
    const { templateId, version: v1 } = await create('two-releases');
    await save(templateId, 'echo one');
    await release(templateId, v1);
    const next = await save(templateId, 'echo two');
    expect(next.version).not.toBe(v1);
    expect(next.draftVersion).toBe(1);
    const released = await release(templateId, next.version);
    expect(released).toMatchObject({ versionNum: 2, versionName: 'V2(P2.T1.1)' });

    const rows = await rowsOf(templateId);
    expect(rows.map((r) => [r.version, r.status, r.baseVersion])).toEqual([
      [v1, 'RELEASED', null],
      [next.version, 'RELEASED', v1],
    ]);
    expect(rows[1].yaml).toContain('echo two');
  });

  it('refuses a save based on an outdated draft save and keeps the newer one', async () => {
    const { templateId } = await create('conflict');
    await save(templateId, 'by-first', 1);
    expect(await codeOf(save(templateId, 'by-second', 1))).toBe(TemplateErrorCode.DRAFT_CONFLICT);
    const [draft] = await rowsOf(templateId);
    expect(draft.draftVersion).toBe(2);
    expect(draft.yaml).toContain('by-first');
    expect(draft.yaml).not.toContain('by-second');
  });

  it('refuses a custom version name already taken in the template, and leaves the draft a draft', async () => {
    const { templateId, version } = await create('named');
    await save(templateId, 'one');
    await release(templateId, version, 'stable');
    const draft = await save(templateId, 'two');
    expect(await codeOf(release(templateId, draft.version, 'stable'))).toBe(TemplateErrorCode.VERSION_NAME_EXISTS);
    const rows = await rowsOf(templateId);
    expect(rows.map((r) => [r.versionName, r.status])).toEqual([
      ['stable', 'RELEASED'],
      [null, 'COMMITTING'],
    ]);
    // Another template may use the same name.
    const other = await create('named-too');
    await save(other.templateId, 'one');
    expect((await release(other.templateId, other.version, 'stable')).versionName).toBe('stable');
  });

  it('rolls the draft back to an earlier release and logs every operation', async () => {
    const { templateId, version: v1 } = await create('history');
    await save(templateId, 'echo one');
    await release(templateId, v1);
    const v2 = (await save(templateId, 'echo two')).version;
    await release(templateId, v2);

    const rolledBack = await versions.deploy({ kind: 'ROLLBACK', caller: DORA, projectId: PROJECT, templateId, version: v1, draftVersion: null });
    expect(rolledBack).toMatchObject({ versionAction: 'SAVE_DRAFT', draftVersion: 1 });
    const rows = await rowsOf(templateId);
    expect(rows).toHaveLength(3);
    const draft = rows.find((r) => r.status === 'COMMITTING')!;
    expect(draft).toMatchObject({ version: rolledBack.version, baseVersion: v1 });
    expect(draft.yaml).toContain('echo one');
    expect(await infoOf(templateId)).toMatchObject({ releasedVersion: v2 });

    const log = await dataSource.getRepository(TemplateOperationLogEntity).find({ where: { templateId }, order: { id: 'ASC' } });
    expect(log.map((entry) => entry.operationType)).toEqual([
      'CREATE_TEMPLATE',
      'SAVE_DRAFT_VERSION',
      'RELEASE_MASTER_VERSION',
      'SAVE_DRAFT_VERSION',
      'RELEASE_MASTER_VERSION',
      'ROLLBACK_DRAFT',
    ]);
  });

  it('refuses a second template of the same name in the project', async () => {
    await create('unique-name');
    expect(await codeOf(create('unique-name'))).toBe(TemplateErrorCode.NAME_EXISTS);
    expect(await dataSource.getRepository(TemplateInfoEntity).countBy({ projectId: PROJECT, name: 'unique-name' })).toBe(1);
  });
});
