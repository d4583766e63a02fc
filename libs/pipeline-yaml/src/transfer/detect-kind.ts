import type { TransferKind, YamlMap } from './types';

/** The body key a template file of each kind holds (besides `version`). */
export const TEMPLATE_BODY_KEYS: Record<Exclude<TransferKind, 'PIPELINE'>, string> = {
  STAGE: 'stages',
  JOB: 'jobs',
  STEP: 'steps',
  VARIABLE: 'variables',
};

/**
 * The kind of a v3.0 file, read from its keys. A stage/job/step/variable template holds only `version`
 * and its body (`stages:`, `jobs:`, `steps:` or `variables:`); any other key (`on`, `name`, `finally`,
 * `extends`, `notices`…) or a combination of bodies (`variables:` with `stages:`) makes it a pipeline.
 * BK-CI stores the kind with the template rather than reading it, so callers that know it pass `kind`.
 */
export function detectKind(yaml: YamlMap): TransferKind {
  const keys = Object.keys(yaml).filter((key) => key !== 'version');
  if (keys.length !== 1) return 'PIPELINE';
  const found = Object.entries(TEMPLATE_BODY_KEYS).find(([, body]) => body === keys[0]);
  return found ? (found[0] as TransferKind) : 'PIPELINE';
}
