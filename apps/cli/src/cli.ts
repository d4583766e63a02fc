import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { stringify } from 'yaml';
import { DomainError } from '@bkci/core';
import type { PipelineSetting, TemplateModel } from '@bkci/pipeline-model';
import {
  expandPipelineYaml,
  FileSystemTemplateResolver,
  listPipelineYamlProblems,
  modelToYaml,
  yamlToModel,
  YamlError,
  YamlErrorCode,
} from '@bkci/pipeline-yaml';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Relative paths are taken from here (default: the process's working directory). */
  cwd?: string;
}

/** Exit codes: 0 done, 1 the input is wrong (a YAML/model error), 2 the command line is wrong, 3 the tool failed. */
export const EXIT = { OK: 0, INPUT: 1, USAGE: 2, INTERNAL: 3 } as const;

export const USAGE = `Usage:
  bkci yaml expand <file> [--templates <dir>] [--legacy-params] [--json]
      Expand the templates of a v2.0 pipeline YAML and print the result (YAML, or JSON with --json).
      Templates: <path> is read from <dir>/<path>, <path>@<alias> from <dir>/<repository>/templates/<path>;
      <dir> defaults to the folder of <file>. --legacy-params: the old \${{ parameters.x }} replacement.
  bkci yaml check <file>
      Check a v3.0 pipeline YAML (syntax, version, schema); prints "ok" or one line per problem.
  bkci yaml to-model <file>
      Print the Model (JSON) of a v3.0 pipeline or template YAML: {"kind", "model", "setting"}.
  bkci yaml from-model <model.json>
      Print the v3.0 YAML of a pipeline Model or a template model (stage, job, step, variable);
      the file may also be what to-model prints.

Problems are printed to stderr as file:line:column: message. Exit status: 0 ok, 1 invalid input,
2 wrong command line, 3 internal error.
`;

class UsageError extends Error {}

interface Parsed {
  command: string;
  file: string;
  templates?: string;
  legacyParameters: boolean;
  json: boolean;
}

const COMMANDS: Record<string, readonly string[]> = {
  expand: ['--templates', '--legacy-params', '--json'],
  check: [],
  'to-model': [],
  'from-model': [],
};

function parseArguments(argv: readonly string[]): Parsed | 'help' {
  if (argv.length === 0) throw new UsageError('missing command');
  if (argv.some((arg) => arg === '--help' || arg === '-h') || argv[0] === 'help') return 'help';
  if (argv[0] !== 'yaml') throw new UsageError(`unknown command "${argv[0]}"`);
  const command = argv[1];
  if (command === undefined) throw new UsageError('missing yaml command');
  if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(`unknown yaml command "${command}"`);
  const allowed = COMMANDS[command];
  const parsed: Parsed = { command, file: '', legacyParameters: false, json: false };
  const positional: string[] = [];
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!flag.startsWith('-') || flag === '-') {
      positional.push(arg);
    } else if (flag === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    } else if (!allowed.includes(flag)) {
      throw new UsageError(`unknown option ${flag} for "yaml ${command}"`);
    } else if (flag === '--templates') {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError('--templates needs a directory');
      parsed.templates = value;
    } else if (inline !== undefined) {
      throw new UsageError(`${flag} takes no value`);
    } else if (flag === '--legacy-params') {
      parsed.legacyParameters = true;
    } else {
      parsed.json = true;
    }
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'missing <file>' : `unexpected argument "${positional[1]}"`);
  parsed.file = positional[0];
  return parsed;
}

/** Runs one command line (without `node` and the script) and returns the exit status. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let args: Parsed | 'help';
  try {
    args = parseArguments(argv);
  } catch (error) {
    io.stderr.write(`bkci: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT.USAGE;
  }
  if (args === 'help') {
    io.stdout.write(USAGE);
    return EXIT.OK;
  }
  const path = resolve(io.cwd ?? process.cwd(), args.file);
  try {
    const text = await readInput(path);
    const output = await execute(args, text, path, io.cwd ?? process.cwd());
    io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    return EXIT.OK;
  } catch (error) {
    if (error instanceof CheckFailed) {
      for (const problem of error.problems) io.stderr.write(`${located(problem, args.file)}\n`);
      return EXIT.INPUT;
    }
    if (error instanceof DomainError) {
      io.stderr.write(`${located(error, args.file)}\n`);
      return EXIT.INPUT;
    }
    io.stderr.write(`bkci: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.INTERNAL;
  }
}

class CheckFailed extends Error {
  constructor(readonly problems: YamlError[]) {
    super(`${problems.length} problem(s)`);
  }
}

/** `file:line:column: message`; an error that knows no place is put at the input file. */
function located(error: DomainError, file: string): string {
  return error instanceof YamlError && error.location ? error.message : `${file}: ${error.message}`;
}

async function readInput(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new YamlError(YamlErrorCode.FORMAT, `cannot read the file (${reason})`);
  }
}

async function execute(args: Parsed, text: string, path: string, cwd: string): Promise<string> {
  switch (args.command) {
    case 'check': {
      const problems = listPipelineYamlProblems(text, args.file);
      if (problems.length > 0) throw new CheckFailed(problems);
      return 'ok';
    }
    case 'expand': {
      const resolver = new FileSystemTemplateResolver(args.templates === undefined ? dirname(path) : resolve(cwd, args.templates));
      const expanded = await expandPipelineYaml({ file: args.file, content: text }, { resolver, legacyParameters: args.legacyParameters });
      return args.json ? JSON.stringify(expanded, null, 2) : toYaml(expanded);
    }
    case 'to-model':
      return JSON.stringify(yamlToModel(text, { file: args.file }), null, 2);
    default:
      return fromModel(text, args.file);
  }
}

/** A model, or to-model's output `{kind, model, setting}` so the two commands round-trip. */
function fromModel(text: string, file: string): string {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new YamlError(YamlErrorCode.MODEL_INVALID, `not valid JSON: ${(error as Error).message}`);
  }
  const wrapped = input !== null && typeof input === 'object' && 'kind' in input && 'model' in input;
  const { model, setting } = (wrapped ? input : { model: input }) as { model: TemplateModel; setting?: PipelineSetting };
  return modelToYaml(model, { file, setting });
}

/** Plain YAML: no anchors for repeated objects, no folding of long strings. */
export function toYaml(value: unknown): string {
  return stringify(value, { aliasDuplicateObjects: false, lineWidth: 0 });
}
