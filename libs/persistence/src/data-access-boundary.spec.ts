import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/*
 * TypeORM stays in the data-access layer (`*.repository.ts`, entities, migrations, bootstrap). The
 * files of the other layers (controllers, services, use cases, the version chain's converters,
 * handlers and post-processors, workers, consumers, guards) may not import the handles that run
 * queries: `DataSource`, `EntityManager`, an injected `Repository`. One file is exempt: the outbox,
 * which is the one helper every service opens its transactions with.
 */

const ROOT = join(__dirname, '../../..');
const SCANNED = ['apps', 'libs'];
const LAYER_FILE = /\.(controller|service|use-case|handler|converter|post-processor|worker|consumer|guard)\.ts$/;
const TYPEORM_MODULES = new Set(['typeorm', '@nestjs/typeorm']);
const TRANSACTION_HELPER = 'libs/messaging/src/outbox/outbox.service.ts';
const FORBIDDEN = new Set(['DataSource', 'EntityManager', 'Repository', 'InjectRepository', 'InjectDataSource', 'InjectEntityManager']);

function layerFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : layerFiles(path);
    return LAYER_FILE.test(entry.name) ? [path] : [];
  });
}

/** The forbidden names `text` imports from TypeORM, as `line: name`. */
function queryHandles(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!TYPEORM_MODULES.has(statement.moduleSpecifier.text)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      const imported = (element.propertyName ?? element.name).text;
      if (FORBIDDEN.has(imported)) found.push(`${source.getLineAndCharacterOfPosition(element.getStart()).line + 1}: ${imported}`);
    }
  }
  return found;
}

describe('data-access boundary', () => {
  it('finds a query handle imported from TypeORM', () => {
    const text = [
      "import { Injectable } from '@nestjs/common';",
      "import { InjectRepository } from '@nestjs/typeorm';",
      "import { DataSource as Db, In, type EntityManager } from 'typeorm';",
      "import { DataSource } from './not-typeorm';",
    ].join('\n');
    expect(queryHandles('sample.service.ts', text)).toEqual(['2: InjectRepository', '3: DataSource', '3: EntityManager']);
  });

  it('keeps DataSource, EntityManager and injected repositories out of every layer above data access', () => {
    const files = SCANNED.flatMap((dir) => layerFiles(join(ROOT, dir))).filter((file) => relative(ROOT, file) !== TRANSACTION_HELPER);
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) => queryHandles(file, readFileSync(file, 'utf8')).map((hit) => `${relative(ROOT, file)}:${hit}`));
    expect(found).toEqual([]);
  });
});
