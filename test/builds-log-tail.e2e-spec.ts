import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { AgentProcess, createYamlPipeline, startBuild, startBuildStack, untilFinished } from './build-run.fixtures';
import { ADMIN } from './builds.fixtures';

const PROJECT = 'tails';

/** The whole text of a Server-Sent Events answer, read until the server closes it; rejects after `timeoutMs`. */
async function readStream(url: string, headers: Record<string, string>, timeoutMs: number): Promise<string> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  expect(res.status).toBe(200);
  return res.text();
}

/**
 * What the README's first build does: a YAML pipeline made and run, its log watched live from the
 * moment it starts. The live tail sends the step's lines as they come and ends by itself once the
 * build has finished (log hears the build's status events and finishes its log).
 */
describe('watching a build log live', () => {
  jest.setTimeout(120_000);
  const env = new TestEnvironment();
  const scratch = mkdtempSync(join(tmpdir(), 'bkci-builds-tail-'));
  let gateway: string;
  let dataSource: DataSource;
  let agent: AgentProcess;

  beforeAll(async () => {
    ({ gateway, dataSource } = await startBuildStack(env, [PROJECT]));
    agent = await AgentProcess.start(env, gateway, scratch);
  });

  afterAll(async () => {
    await agent?.kill();
    await env.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('streams the lines while the step runs and ends the stream once the build has finished', async () => {
    const yaml = readFileSync(join(__dirname, 'fixtures/yaml/builds/napper.yml'), 'utf8');
    const pipelineId = await createYamlPipeline(gateway, ADMIN, PROJECT, yaml);
    const buildId = await startBuild(gateway, ADMIN, PROJECT, pipelineId, { STARTED: join(scratch, 'nap.pid'), NAP: '2' });
    const text = await readStream(`${gateway}/ms/log/api/user/logs/${PROJECT}/${pipelineId}/${buildId}/stream`, ADMIN, 60_000);
    const closedAt = Date.now();

    const { build } = await untilFinished(dataSource, buildId);
    expect(build.status).toBe('SUCCEED');
    // The stream ended because the build did, shortly after it.
    expect(closedAt).toBeGreaterThanOrEqual(build.endTime!.getTime());
    expect(closedAt - build.endTime!.getTime()).toBeLessThan(5_000);
    const events = text.split('\n\n').filter((event) => event.trim() !== '' && !event.startsWith(':'));
    expect(events.at(-1)).toContain('event: end');
    const messages = events.filter((event) => event.includes('data: {')).map((event) => JSON.parse(event.split('data: ')[1]).message as string);
    expect(messages).toEqual(expect.arrayContaining(['before the nap', 'napping', 'woke up', 'after the nap']));
    expect(messages.indexOf('napping')).toBeLessThan(messages.indexOf('woke up'));
  });
});
