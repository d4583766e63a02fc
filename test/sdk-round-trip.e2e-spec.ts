import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { CommonErrorCode } from '@bkci/core';
import { buildModel, memberToken, TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { ALL_APPS } from '../apps/standalone/src/all-apps';
import { generateSdkSource, SDK_GENERATED_DIR } from '../scripts/sdk-source';
import { BkciApiError, BkciClient } from '../sdk/src';
import { AgentProcess } from './build-run.fixtures';

const PROJECT = 'sdk-demo';

/** The README's SDK example, as a template in v3.0 YAML whose one step prints a line. */
const TEMPLATE_YAML = `version: v3.0
name: hello-sdk
stages:
  - name: build
    jobs:
      say:
        runs-on:
          pool-name: docker
        steps:
          - name: greet
            run: echo "hello from the sdk"
`;

const bearerOf = (headers: Record<string, string>) => headers.Authorization.replace(/^Bearer /, '');

/**
 * The TypeScript SDK (`sdk/`) against the running product, through the gateway: it is what the
 * generator writes from the served document, and it does the README's example with a real agent.
 */
describe('the SDK', () => {
  jest.setTimeout(120_000);
  const env = new TestEnvironment();
  const scratch = mkdtempSync(join(tmpdir(), 'bkci-sdk-'));
  let gateway: string;
  let agent: AgentProcess;
  let admin: BkciClient;
  let developer: BkciClient;
  let viewer: BkciClient;

  beforeAll(async () => {
    // The apps call each other: every address is known before the first starts.
    const ports = new Map<string, number>();
    for (const definition of ALL_APPS) ports.set(definition.name, await env.reservePort(definition.name));
    for (const definition of ALL_APPS) gateway = (await env.start(definition, ports.get(definition.name))).url;
    admin = new BkciClient({ baseUrl: gateway, token: TEST_ADMIN_TOKEN });
    await admin.userProjectCreate({ projectName: 'SDK demo', englishName: PROJECT });
    developer = new BkciClient({ baseUrl: gateway, token: bearerOf(await memberToken(gateway, PROJECT, 'dora', 'developer')) });
    viewer = new BkciClient({ baseUrl: gateway, token: bearerOf(await memberToken(gateway, PROJECT, 'vic', 'viewer')) });
    agent = await AgentProcess.start(env, gateway, scratch);
  });

  afterAll(async () => {
    await agent?.kill();
    await env.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('is what the generator writes from the document the gateway serves', async () => {
    const document = (await (await fetch(`${gateway}/docs/openapi.json`)).json()) as OpenAPIObject;
    const files = generateSdkSource(document);
    const dir = join(__dirname, '..', SDK_GENERATED_DIR);
    expect(readdirSync(dir).sort()).toEqual(Object.keys(files).sort());
    for (const [name, text] of Object.entries(files)) {
      // On a difference, run `npm run sdk:generate` and commit what it writes.
      expect([name, readFileSync(join(dir, name), 'utf8')]).toEqual([name, text]);
    }
  });

  it('creates a template, a pipeline from it, starts a build on the agent and reads the step’s line from its log', async () => {
    // The README's example, line for line.
    const projectId = PROJECT;
    const { templateId } = await developer.userTemplateCreate({ projectId }, { type: 'PIPELINE', name: 'hello-sdk' });
    const draft = await developer.userTemplateSaveDraft({ projectId, templateId }, { type: 'PIPELINE', storageType: 'YAML', yaml: TEMPLATE_YAML });
    await developer.userTemplateRelease({ projectId, templateId, version: draft.version }, {});
    const { pipelineId } = await developer.v4userPostVersionCreateWithTemplate({ projectId }, { templateId, pipelineName: 'hello-sdk' });

    const build = await developer.v4userPostBuildStart({ projectId, pipelineId });
    let status = await developer.v4userGetBuildStatus({ projectId, pipelineId, buildId: build.id });
    while (status.endTime === null) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = await developer.v4userGetBuildStatus({ projectId, pipelineId, buildId: build.id });
    }
    const log = await developer.v4userGetLogsInitLogs({ projectId, pipelineId, buildId: build.id });

    expect(status).toMatchObject({ id: build.id, buildNum: 1, status: 'SUCCEED', userId: 'dora' });
    const record = await developer.v4userGetBuildDetail({ projectId, pipelineId, buildId: build.id });
    expect(record).toMatchObject({ id: build.id, pipelineName: 'hello-sdk', status: 'SUCCEED', startUserList: ['dora'] });
    expect(log.finished).toBe(true);
    expect(log.logs.map((line) => line.message)).toContain('hello from the sdk');
    // The next lines after the last one read: none, the log is complete.
    const last = log.logs[log.logs.length - 1].lineNo;
    const after = await developer.v4userGetLogsAfterLineLogs({ projectId, pipelineId, buildId: build.id, start: last + 1 });
    expect([after.logs, after.finished]).toEqual([[], true]);
    // An answer that is not JSON (the download) is its text.
    expect(await developer.v4userGetLogsDownloadLogs({ projectId, pipelineId, buildId: build.id })).toContain(' : hello from the sdk');
  });

  it('surfaces a refusal as a BkciApiError with the HTTP status and the error code', async () => {
    const { id: pipelineId } = await developer.v4userPostPipelinesPipeline({ projectId: PROJECT }, buildModel('not-for-viewers'));
    const refused = await viewer.v4userPostBuildStart({ projectId: PROJECT, pipelineId }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BkciApiError);
    expect(refused).toMatchObject({ statusCode: 403, code: CommonErrorCode.PERMISSION_DENIED, requestId: expect.any(String) });
    expect((refused as BkciApiError).message).toContain('pipeline_execute');
  });
});
