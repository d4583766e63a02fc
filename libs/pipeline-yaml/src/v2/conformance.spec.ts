import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FileSystemTemplateResolver } from '../resolver/file-system-template-resolver';
import { expandPipelineYaml } from './expand-pipeline';

/**
 * BK-CI's own golden files: every `samples/<case>` with a `compared/<case>` twin, expanded in both
 * parameter modes and compared structurally (see the fixtures README).
 */
const FIXTURES = join(__dirname, '../../../../../shared/fixtures/bkci-yaml');
const resolver = new FileSystemTemplateResolver(join(FIXTURES, 'templates'));

/** Nulls and empty collections dropped, `id` keys ignored (BK-CI generates some of them). */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(comparable).filter((v) => v !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([key]) => key !== 'id')
      .map(([key, v]) => [key, comparable(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value === null ? undefined : value;
}

function compared(document: Record<string, unknown>) {
  const pick = (key: string) => comparable(document[key]);
  return { variables: pick('variables'), stages: pick('stages'), finally: pick('finally'), notices: pick('notices') };
}

const cases = readdirSync(join(FIXTURES, 'compared')).flatMap((dir) =>
  readdirSync(join(FIXTURES, 'compared', dir))
    .filter((name) => !name.endsWith('_old.yml') && existsSync(join(FIXTURES, 'samples', dir, name)))
    .map((name) => ({ dir, name })),
);

describe('v2 template expansion matches BK-CI golden files', () => {
  it('finds the cases', () => {
    expect(cases.map((c) => c.dir).sort()).toEqual(['jobs', 'parameters', 'stages', 'steps']);
  });

  describe.each(cases)('samples/$dir/$name', ({ dir, name }) => {
    const sample = join('samples', dir, name);
    const content = readFileSync(join(FIXTURES, sample), 'utf8');

    it.each([false, true])('legacy parameter expressions: %s', async (legacy) => {
      const oldTwin = join(FIXTURES, 'compared', dir, name.replace(/\.yml$/, '_old.yml'));
      const expectedFile = legacy && existsSync(oldTwin) ? oldTwin : join(FIXTURES, 'compared', dir, name);
      const expected = parse(readFileSync(expectedFile, 'utf8')) as Record<string, unknown>;
      const actual = await expandPipelineYaml({ file: sample, content }, { resolver, legacyParameters: legacy });
      expect(compared(actual)).toEqual(compared(expected));
    });
  });
});
