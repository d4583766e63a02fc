import type { BuildFormProperty } from '@bkci/pipeline-model';
import { resolveStartParams } from './build-params';
import { BuildError, BuildErrorCode } from './build.errors';

const param = (overrides: Partial<BuildFormProperty> & Pick<BuildFormProperty, 'id'>): BuildFormProperty => ({
  required: true,
  type: 'STRING',
  defaultValue: '',
  ...overrides,
});

const PARAMS: BuildFormProperty[] = [
  param({ id: 'GREETING', defaultValue: 'hello', desc: 'what to say' }),
  param({ id: 'NOTES', type: 'TEXTAREA', defaultValue: 'a\nb' }),
  param({ id: 'DRY_RUN', type: 'BOOLEAN', defaultValue: false }),
  param({ id: 'ENV', type: 'ENUM', defaultValue: 'dev', options: [{ key: 'dev', value: 'Dev' }, { key: 'prod', value: 'Prod' }] }),
  param({ id: 'TARGETS', type: 'MULTIPLE', defaultValue: ['a', 'b'], options: [{ key: 'a', value: 'A' }, { key: 'b', value: 'B' }, { key: 'c', value: 'C' }] }),
  param({ id: 'RETRIES', type: 'LONG', defaultValue: '3' }),
  param({ id: 'TOKEN', defaultValue: 'secret', sensitive: true }),
  param({ id: 'REGION', required: false, constant: true, defaultValue: 'eu', readOnly: false }),
];

function failure(values: Record<string, unknown>, params = PARAMS): BuildError {
  try {
    resolveStartParams(params, values);
  } catch (error) {
    if (error instanceof BuildError) return error;
    throw error;
  }
  throw new Error('no BuildError thrown');
}

describe('resolveStartParams', () => {
  it('takes each default when no value is given, as text the way BK-CI stores it', () => {
    expect(resolveStartParams(PARAMS, {})).toEqual([
      { key: 'GREETING', value: 'hello', valueType: 'STRING', readOnly: false, desc: 'what to say', defaultValue: 'hello' },
      { key: 'NOTES', value: 'a\nb', valueType: 'TEXTAREA', readOnly: false, defaultValue: 'a\nb' },
      { key: 'DRY_RUN', value: 'false', valueType: 'BOOLEAN', readOnly: false, defaultValue: 'false' },
      { key: 'ENV', value: 'dev', valueType: 'ENUM', readOnly: false, defaultValue: 'dev' },
      { key: 'TARGETS', value: 'a,b', valueType: 'MULTIPLE', readOnly: false, defaultValue: 'a,b' },
      { key: 'RETRIES', value: '3', valueType: 'LONG', readOnly: false, defaultValue: '3' },
      { key: 'TOKEN', value: 'secret', valueType: 'STRING', readOnly: false, defaultValue: 'secret', sensitive: true },
      { key: 'REGION', value: 'eu', valueType: 'STRING', readOnly: true, defaultValue: 'eu' },
    ]);
  });

  it('takes given values, ignores unknown keys, treats "" and null as not given and keeps a constant', () => {
    const values = { GREETING: 'hi', NOTES: '', DRY_RUN: 'true', ENV: 'prod', TARGETS: 'c,a', RETRIES: -2, TOKEN: null, REGION: 'us', UNKNOWN: 'x' };
    expect(Object.fromEntries(resolveStartParams(PARAMS, values).map((p) => [p.key, p.value]))).toEqual({
      GREETING: 'hi',
      NOTES: 'a\nb',
      DRY_RUN: 'true',
      ENV: 'prod',
      TARGETS: 'c,a',
      RETRIES: '-2',
      TOKEN: 'secret',
      REGION: 'eu',
    });
  });

  it.each([
    ['DRY_RUN', { DRY_RUN: 'yes' }, BuildErrorCode.PARAM_INVALID, 'Start param DRY_RUN is a BOOLEAN: give true or false, not "yes"'],
    ['ENV', { ENV: 'staging' }, BuildErrorCode.PARAM_INVALID, 'Start param ENV must be one of dev, prod, not "staging"'],
    ['TARGETS', { TARGETS: 'a,d' }, BuildErrorCode.PARAM_INVALID, 'Start param TARGETS takes a comma-separated list of a, b, c; "d" is not among them'],
    ['RETRIES', { RETRIES: '3.5' }, BuildErrorCode.PARAM_INVALID, 'Start param RETRIES is a LONG: give a whole number, not "3.5"'],
    ['GREETING', { GREETING: { text: 'hi' } }, BuildErrorCode.PARAM_INVALID, 'Start param GREETING must be a string, not an object'],
    ['NOTES', { NOTES: ['a'] }, BuildErrorCode.PARAM_INVALID, 'Start param NOTES must be a string, not an array'],
    ['GREETING', { GREETING: 'x'.repeat(4001) }, BuildErrorCode.PARAM_TOO_LONG, 'Start param GREETING is 4001 characters long; at most 4000 fit'],
  ])('refuses a bad %s with a 400 naming it', (_name, values, code, message) => {
    const error = failure(values);
    expect([error.code, error.httpStatus, error.message]).toEqual([code, 400, message]);
  });

  it('refuses an empty valueNotEmpty param unless its display condition hides it (BK-CI)', () => {
    const params = [
      param({ id: 'MODE', type: 'ENUM', defaultValue: 'fast', options: [{ key: 'fast', value: 'f' }, { key: 'full', value: 'F' }] }),
      param({ id: 'VERSION', defaultValue: '', valueNotEmpty: true }),
      param({ id: 'SUITE', defaultValue: '', valueNotEmpty: true, displayCondition: { MODE: 'full' } }),
    ];
    const empty = failure({ VERSION: '' }, params);
    expect([empty.code, empty.httpStatus, empty.message]).toEqual([BuildErrorCode.PARAM_EMPTY, 400, 'Start param VERSION must not be empty; give it a value']);
    expect(resolveStartParams(params, { VERSION: '1.0' }).map((p) => p.value)).toEqual(['fast', '1.0', '']);
    const shown = failure({ VERSION: '1.0', MODE: 'full' }, params);
    expect(shown.message).toBe('Start param SUITE must not be empty; give it a value');
  });
});
