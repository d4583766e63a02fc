import { isPlainObject, kotlinToString } from '@bkci/expressions';
import { YamlError, YamlErrorCode } from '../yaml-error';
import {
  bool,
  checkEnv,
  formatError,
  int,
  isNil,
  map,
  optionalMap,
  record,
  required,
  str,
  stringList,
  YamlMap,
} from './coerce';

/**
 * Steps, jobs, variables and notices as BK-CI's YamlObjects builds them after expansion (the
 * `Pre*` objects): known keys only, Kotlin conversions, the same validations.
 */

function ifModify(value: unknown): string[] | null {
  return Array.isArray(value) ? value.map((v) => kotlinToString(v)) : null;
}

export function buildStep(file: string, step: YamlMap): YamlMap {
  const env = optionalMap(file, 'env', step.env);
  const pre = record([
    ['name', str(step.name)],
    ['id', str(step.id)],
    ['if', str(step.if)],
    ['if-modify', ifModify(step['if-modify'])],
    ['uses', str(step.uses)],
    ['with', optionalMap(file, 'with', step.with)],
    ['timeout-minutes', int(file, 'timeout-minutes', step['timeout-minutes'])],
    ['continue-on-error', bool(step['continue-on-error'])],
    ['retry-times', int(file, 'retry-times', step['retry-times'])],
    ['env', env],
    ['run', str(step.run)],
    ['shell', str(step.shell)],
    ['checkout', str(step.checkout)],
  ]);
  if (pre.uses === null && pre.run === null && pre.checkout === null) {
    formatError(file, 'a step needs one of uses, run or checkout');
  }
  checkEnv(file, env);
  return pre;
}

function mutex(file: string, value: unknown): YamlMap | null {
  if (isNil(value)) return null;
  const m = map(file, 'mutex', value);
  return record([
    ['label', str(required(file, 'mutex', m, 'label'))],
    ['queue-length', int(file, 'queue-length', m['queue-length'])],
    ['timeout-minutes', int(file, 'timeout-minutes', m['timeout-minutes'])],
  ]);
}

function services(file: string, value: unknown): YamlMap | null {
  if (isNil(value)) return null;
  const entries = Object.entries(map(file, 'services', value)).map(([key, raw]): [string, unknown] => {
    const service = map(file, 'services', raw);
    const withMap = map(file, 'with', service.with);
    return [
      key,
      record([
        ['image', str(required(file, 'Container', service, 'image'))],
        ['with', record([['password', str(required(file, 'with', withMap, 'password'))]])],
      ]),
    ];
  });
  return record(entries);
}

function strategy(file: string, value: unknown): YamlMap | null {
  if (isNil(value)) return null;
  const s = map(file, 'strategy', value);
  if (isNil(s.matrix) && isNil(s.include) && isNil(s.exclude)) return null;
  return record([
    ['matrix', s.matrix ?? null],
    ['include', s.include ?? null],
    ['exclude', s.exclude ?? null],
    ['fast-kill', bool(s['fast-kill'])],
    ['max-parallel', int(file, 'max-parallel', s['max-parallel'])],
  ]);
}

function container(file: string, value: unknown): YamlMap | null {
  if (isNil(value)) return null;
  const c = map(file, 'container', value);
  required(file, 'Container', c, 'image');
  return c;
}

/** A job whose steps are already expanded (BK-CI getJob). */
export function buildJob(file: string, job: YamlMap, steps: YamlMap[] | null): YamlMap {
  const env = optionalMap(file, 'env', job.env);
  const pre = record([
    ['name', str(job.name)],
    ['runs-on', job['runs-on'] ?? null],
    ['mutex', mutex(file, job.mutex)],
    ['container', container(file, job.container)],
    ['services', services(file, job.services)],
    ['if', str(job.if)],
    ['if-modify', ifModify(job['if-modify'])],
    ['steps', steps],
    ['timeout-minutes', int(file, 'timeout-minutes', job['timeout-minutes'])],
    ['env', env],
    ['continue-on-error', bool(job['continue-on-error'])],
    ['strategy', strategy(file, job.strategy)],
    ['depend-on', stringList(file, 'depend-on', job['depend-on'])],
  ]);
  checkEnv(file, env);
  return pre;
}

function variableInvalid(file: string, message: string): never {
  throw new YamlError(YamlErrorCode.VARIABLE_INVALID, `${file} ${message}`, { file });
}

function props(file: string, value: unknown): YamlMap {
  const p = map(file, 'props', value);
  const options = isNil(p.options)
    ? null
    : (Array.isArray(p.options) ? p.options : formatError(file, 'props.options must be a list')).map((raw) => {
        const option = map(file, 'options', raw);
        return record([
          ['id', required(file, 'option', option, 'id')],
          ['label', str(option.label)],
          ['description', str(option.description)],
        ]);
      });
  let datasource: YamlMap | null = null;
  if (!isNil(p.datasource)) {
    const d = map(file, 'datasource', p.datasource);
    datasource = record([
      ['url', str(required(file, 'datasource', d, 'url'))],
      ['data-path', str(d['data-path'])],
      ['param-id', str(d['param-id'])],
      ['param-name', str(d['param-name'])],
      ['has-add-item', bool(d['has-add-item'])],
      ['item-text', str(d['item-text'])],
      ['item-target-url', str(d['item-target-url'])],
    ]);
  }
  if (options && options.length > 0 && datasource !== null) {
    variableInvalid(file, 'variable format error: options and datasource cannot coexist');
  }
  return record([
    ['label', str(p.label)],
    ['type', str(required(file, 'props', p, 'type'))],
    ['options', options],
    ['datasource', datasource],
    ['description', str(p.description)],
    ['multiple', bool(p.multiple)],
    ['required', bool(p.required)],
  ]);
}

/** A variable (BK-CI getVariable / Variable(value, false) for scalars), with props validation. */
export function buildVariable(file: string, key: string, value: unknown): YamlMap {
  if (!isPlainObject(value)) {
    return record([
      ['value', kotlinToString(value)],
      ['readonly', false],
      ['allow-modify-at-startup', false],
    ]);
  }
  const variable = record([
    ['value', str(value.value)],
    ['readonly', bool(value.readonly)],
    ['allow-modify-at-startup', bool(value['allow-modify-at-startup'])],
    ['props', isNil(value.props) ? null : props(file, value.props)],
  ]);
  const p = variable.props as YamlMap | null;
  const text = variable.value as string | null;
  if (p && ((p.type === 'selector' && p.datasource === null) || p.type === 'checkbox')) {
    const options = (p.options as YamlMap[] | null) ?? [];
    const given = (text ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
    const ids = new Set(options.map((o) => kotlinToString(o.id)));
    if ((text !== null && text.trim() !== '' && options.length === 0) || given.some((v) => !ids.has(v))) {
      variableInvalid(file, `variable ${key} format error: value ${text} not in variable options`);
    }
  }
  if (p && p.type === 'boolean' && text !== 'true' && text !== 'false') {
    variableInvalid(file, `variable ${key} format error: bool value ${text} not true / false`);
  }
  return variable;
}

function stringSet(file: string, key: string, value: unknown): string[] | null {
  const items = stringList(file, key, value);
  return items === null ? null : [...new Set(items)];
}

/** A notice (BK-CI getNotice → GitNotices). */
export function buildNotice(file: string, raw: unknown): YamlMap {
  const notice = map(file, 'notices', raw);
  return record([
    ['type', kotlinToString(notice.type ?? null)],
    ['receivers', stringSet(file, 'receivers', notice.receivers)],
    ['title', str(notice.title)],
    ['content', str(notice.content)],
    ['ccs', stringSet(file, 'ccs', notice.ccs)],
    ['if', str(notice.if)],
    ['chat-id', stringSet(file, 'chat-id', notice['chat-id'])],
  ]);
}
