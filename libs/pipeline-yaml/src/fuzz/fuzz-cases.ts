import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { InMemoryTemplateResolver } from '../resolver/in-memory-template-resolver';
import { TemplateResolver } from '../resolver/template-resolver';
import { parseYamlDocument } from '../parse/parse-yaml-document';
import { TemplateLimits } from '../template-limits';
import { YamlError } from '../yaml-error';
import { Dice, MUTATIONS, seededRandom } from './mutations';

export interface SourceFile {
  file: string;
  content: string;
}

/** The fixture samples (pipelines) and every template they can reach, keyed as the resolver maps them. */
export interface FuzzCorpus {
  samples: SourceFile[];
  templates: Record<string, string>;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}

const slash = (path: string): string => path.split(sep).join('/');

export function loadCorpus(fixturesDir: string): FuzzCorpus {
  const samples = yamlFiles(join(fixturesDir, 'samples')).map((path) => ({ file: slash(relative(fixturesDir, path)), content: readFileSync(path, 'utf8') }));
  const templatesDir = join(fixturesDir, 'templates');
  const templates: Record<string, string> = {};
  for (const path of yamlFiles(templatesDir)) templates[slash(relative(templatesDir, path))] = readFileSync(path, 'utf8');
  return { samples, templates };
}

/** Templates a text mentions by file name, transitively (an over-approximation is fine). */
function reachable(text: string, templates: Record<string, string>): string[] {
  const found = new Set<string>();
  const queue = [text];
  while (queue.length > 0) {
    const current = queue.pop() as string;
    for (const key of Object.keys(templates)) {
      const base = key.slice(key.lastIndexOf('/') + 1);
      if (!found.has(key) && current.includes(base)) {
        found.add(key);
        queue.push(templates[key]);
      }
    }
  }
  return [...found].sort();
}

export interface FuzzCase {
  seed: number;
  index: number;
  main: SourceFile;
  templates: Record<string, string>;
  legacyParameters: boolean;
  /** What was changed where, for the report. */
  notes: string[];
}

/** Case `index` of run `seed`: a sample and its templates with 1–3 mutations of one kind mix, all from the seed. */
export function buildCase(corpus: FuzzCorpus, seed: number, index: number, kinds: readonly string[] = Object.keys(MUTATIONS)): FuzzCase {
  const dice = new Dice(seededRandom((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0));
  const sample = dice.pick(corpus.samples);
  const templates = { ...corpus.templates };
  const main = { ...sample };
  const notes: string[] = [];
  const near = reachable(sample.content, corpus.templates);
  const count = 1 + dice.int(3);
  for (let i = 0; i < count; i++) {
    const kind = dice.pick(kinds);
    const inMain = near.length === 0 || dice.chance(0.5);
    const target = inMain ? main.file : dice.chance(0.8) ? dice.pick(near) : dice.pick(Object.keys(templates));
    const before = inMain ? main.content : templates[target];
    const others = near.filter((key) => key !== target);
    const result = MUTATIONS[kind](before, dice, { self: inMain ? near[0] ?? 'steps.yml' : target, others });
    if (inMain) main.content = result.text;
    else templates[target] = result.text;
    notes.push(`${kind} in ${target}: ${result.note}`);
  }
  return { seed, index, main, templates, legacyParameters: dice.chance(0.3), notes };
}

export type ExpandFunction = (
  input: SourceFile,
  options: { resolver: TemplateResolver; legacyParameters?: boolean; limits?: Partial<TemplateLimits> },
) => Promise<unknown>;

export type CaseOutcome = { status: 'expanded' | 'yaml-error' } | { status: 'failed'; reason: string };

/**
 * Parses and expands one case. Passing means: it expands, or it throws a YamlError, within the time
 * limit. Anything else (another exception, a hang, a slow case) is a failure with a reason.
 */
export async function runCase(fuzzCase: FuzzCase, expand: ExpandFunction, timeLimitMs: number): Promise<CaseOutcome> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    try {
      parseYamlDocument(fuzzCase.main.content, fuzzCase.main.file);
    } catch (error) {
      if (!(error instanceof YamlError)) throw error;
    }
    const resolver = new InMemoryTemplateResolver(fuzzCase.templates);
    const expansion = expand({ ...fuzzCase.main }, { resolver, legacyParameters: fuzzCase.legacyParameters });
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeLimitMs} ms`)), timeLimitMs);
    });
    await Promise.race([expansion, deadline]);
    return finish('expanded', started, timeLimitMs);
  } catch (error) {
    if (error instanceof YamlError) return finish('yaml-error', started, timeLimitMs);
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { status: 'failed', reason: reason.slice(0, 500) };
  } finally {
    clearTimeout(timer);
  }
}

function finish(status: 'expanded' | 'yaml-error', started: number, limit: number): CaseOutcome {
  const elapsed = performance.now() - started;
  return elapsed > limit ? { status: 'failed', reason: `took ${Math.round(elapsed)} ms (limit ${limit} ms)` } : { status };
}

export function describeCase(fuzzCase: FuzzCase, outcome: CaseOutcome): string {
  const reason = outcome.status === 'failed' ? outcome.reason : outcome.status;
  return `seed ${fuzzCase.seed} case ${fuzzCase.index} (${fuzzCase.main.file}): ${reason}\n    ${fuzzCase.notes.join('\n    ')}`;
}
