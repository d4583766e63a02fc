import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import * as contracts from './index';

/*
 * Cross-app names live in @bkci/contracts only. Outside it, in the product code of apps/ and libs/
 * (specs and tests aside), a string literal may not be:
 *  - a value declared in the contracts (a topic, a controller path, a route path);
 *  - a service path (`service/...` or `/api/service/...`), nor a path an app calls on another
 *    (`/api/user|service|build|op/...`).
 * Only literals count (comments may name paths), and a template literal counts by its text
 * before its first `${`.
 */

const ROOT = join(__dirname, '../../..');
const SCANNED = ['apps', 'libs'];
const SKIPPED_DIR = join(ROOT, 'libs/contracts');
const SPEC = /spec\.ts$/;
const SERVICE_PATH = /^\/?(api\/)?service\//;
const APP_CALL_PATH = /^\/api\/(user|service|build|op)\//;

function declaredValues(): Set<string> {
  const values = new Set<string>();
  for (const value of Object.values(contracts)) {
    if (typeof value === 'string') values.add(value);
    else if (typeof value === 'object' && value !== null && 'controller' in value && 'path' in value) {
      values.add(value.controller);
      // A route at its controller's root has the empty path, which names nothing.
      if (value.path !== '') values.add(value.path);
    }
  }
  return values;
}

function sourceFiles(dir: string): string[] {
  if (dir === SKIPPED_DIR) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !SPEC.test(entry.name) ? [path] : [];
  });
}

/** The literals of `text` that name a cross-app contract, as `line: literal`. */
function looseContracts(fileName: string, text: string, declared: Set<string>): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node)) {
      const literal = node.text;
      const whole = !ts.isTemplateHead(node);
      if ((whole && declared.has(literal)) || SERVICE_PATH.test(literal) || APP_CALL_PATH.test(literal)) {
        found.push(`${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${literal}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('cross-app contracts', () => {
  const declared = declaredValues();

  it('declares the topics and paths it is checked against', () => {
    for (const value of ['project.permissions.changed', 'template.store.published', 'service/auth', 'user/credentials/:projectId']) {
      expect(declared.has(value)).toBe(true);
    }
  });

  it('finds a topic or a cross-app path written as a literal', () => {
    const text = [
      "bus.subscribe({ topics: ['project.permissions.changed'] });",
      '// a comment naming /api/service/auth is fine',
      "@Controller('service/credentials')",
      'const url = `/api/service/auth/permission/projects/${projectId}/validate`;',
      "const target = '/api/user/templates/projects/p/templates';",
      "const unrelated = 'project.permissions';",
    ].join('\n');
    expect(looseContracts('sample.ts', text, declared)).toEqual([
      '1: project.permissions.changed',
      '3: service/credentials',
      '4: /api/service/auth/permission/projects/',
      '5: /api/user/templates/projects/p/templates',
    ]);
  });

  it('is written nowhere outside @bkci/contracts in apps/ and libs/', () => {
    const files = SCANNED.flatMap((dir) => sourceFiles(join(ROOT, dir)));
    expect(files.length).toBeGreaterThan(100);
    const loose = files.flatMap((file) => looseContracts(file, readFileSync(file, 'utf8'), declared).map((hit) => `${relative(ROOT, file)}:${hit}`));
    expect(loose).toEqual([]);
  });
});
