import { resolveConcurrencyGroup } from './concurrency-group';

describe('resolveConcurrencyGroup', () => {
  const variables = { BK_CI_PIPELINE_ID: 'p-1', BK_REPO_GIT_WEBHOOK_BRANCH: 'main', env: 'prod' };

  it('replaces ci contexts and variables, with or without spaces', () => {
    expect(resolveConcurrencyGroup('${{ci.pipeline_id}}', variables)).toBe('p-1');
    expect(resolveConcurrencyGroup('deploy-${{ ci.branch }}-${env}', variables)).toBe('deploy-main-prod');
    expect(resolveConcurrencyGroup('${{ variables.none }}', variables)).toBe('${{ variables.none }}');
  });

  it('leaves a name the build does not have as written, and plain text as it is', () => {
    expect(resolveConcurrencyGroup('g-${{ ci.build_num }}', {})).toBe('g-${{ ci.build_num }}');
    expect(resolveConcurrencyGroup('fixed', variables)).toBe('fixed');
  });
});
