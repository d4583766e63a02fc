import request from 'supertest';
import { TEST_ADMIN_TOKEN, TestEnvironment, waitFor } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { BuildHistoryEntity } from '../apps/process/src/builds/entities/build-history.entity';
import { processApp } from '../apps/process/src/process.app';
import { environmentApp } from '../apps/environment/src/environment.app';

export const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/**
 * process, environment (where VM jobs find their agents) and the gateway started, with each of
 * `projectIds` made by the administrator.
 */
export async function processWithProjects(env: TestEnvironment, projectIds: string[]): Promise<{ gateway: string; dataSource: DataSource }> {
  const environmentPort = await env.reservePort('environment');
  const process = await env.start(processApp);
  await env.start(environmentApp, environmentPort);
  const dataSource = process.app.get(DataSource);
  const gateway = (await env.start(openapiApp)).url;
  for (const englishName of projectIds) {
    const project = await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: `Project ${englishName}`, englishName });
    expect(project.status).toBe(201);
  }
  return { gateway, dataSource };
}

export async function buildStatus(dataSource: DataSource, buildId: string): Promise<string> {
  return (await dataSource.getRepository(BuildHistoryEntity).findOneByOrFail({ buildId })).status;
}

/** The engine takes a build on as soon as it is queued; a build of a pipeline with a VM job then waits there for an agent. */
export function untilRunning(dataSource: DataSource, buildId: string): Promise<void> {
  return waitFor(async () => (await buildStatus(dataSource, buildId)) === 'RUNNING', 10_000, `build ${buildId} to run`);
}
