import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';
import request from 'supertest';
import { TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { ALL_APPS } from '../apps/standalone/src/all-apps';

/** Debian's chromium (`.ci/run` installs it); Playwright downloads no browser here. */
const CHROMIUM = '/usr/bin/chromium';
const PIPELINE_LIST = '/ms/openapi/api/apigw-user/v4/projects/{projectId}/pipelines/pipeline_list';

describe('the API docs page at /docs, in a browser', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`);
    for (const definition of ALL_APPS) gateway = (await env.start(definition)).url;
    const project = await request(gateway)
      .post('/ms/process/api/user/projects')
      .set({ Authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
      .send({ projectName: 'Docs', englishName: 'docs-page' });
    expect(project.status).toBe(201);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await env.close();
  });

  it('lists v4 build_start, takes a token in Authorize and runs a call through the gateway', async () => {
    const page = await browser.newPage();
    const answered = await page.goto(`${gateway}/docs`);
    expect(answered?.status()).toBe(200);
    await page.locator('.opblock-summary-path[data-path="/ms/openapi/api/apigw-user/v4/projects/{projectId}/build_start"]').waitFor();

    await page.locator('button.authorize').first().click();
    await page.locator('.modal-ux input').fill(TEST_ADMIN_TOKEN);
    await page.locator('.modal-ux .auth-btn-wrapper button.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();

    const operation = page.locator('.opblock-get').filter({ has: page.locator(`.opblock-summary-path[data-path="${PIPELINE_LIST}"]`) }).first();
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('input[placeholder="projectId"]').fill('docs-page');
    await operation.locator('button.execute').click();

    await operation.locator('.live-responses-table tr.response .response-col_status').first().waitFor();
    expect((await operation.locator('.live-responses-table tr.response .response-col_status').first().innerText()).trim()).toBe('200');
    const body = await operation.locator('.live-responses-table tr.response .response-col_description pre').first().innerText();
    expect(JSON.parse(body)).toEqual(expect.objectContaining({ status: 0, data: expect.objectContaining({ records: [] }) }));
    await page.close();
  });

  it('answers a try-it-out call without a token with 401, so the token pasted is what is sent', async () => {
    expect((await request(gateway).get('/ms/openapi/api/apigw-user/v4/projects/docs-page/pipelines/pipeline_list')).status).toBe(401);
  });
});
