import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipelineWorkDir } from './workspace';

describe('pipeline working directory', () => {
  let workDir: string;
  beforeEach(() => (workDir = join(mkdtempSync(join(tmpdir(), 'bkci-agent-ws-')), 'workspace')));
  afterEach(() => rmSync(join(workDir, '..'), { recursive: true, force: true }));

  it('is <workDir>/<pipelineId>, created on first use and kept after', () => {
    const dir = pipelineWorkDir(workDir, 'p-0123abcd');
    expect(dir).toBe(join(workDir, 'p-0123abcd'));
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(pipelineWorkDir(workDir, 'p-0123abcd')).toBe(dir);
  });

  it.each(['', '..', '../etc', 'a/b', 'a\\b', '.hidden', 'a..b'])('refuses the id %j and creates nothing', (id) => {
    expect(() => pipelineWorkDir(workDir, id)).toThrow(`not a pipeline id usable as a folder name: ${JSON.stringify(id)}`);
    expect(existsSync(workDir)).toBe(false);
  });
});
