import type { Container, Element, JobTemplateModel, Model, PipelineTemplateType, StageTemplateModel, StepTemplateModel, TemplateModel } from '@bkci/pipeline-model';

/** BK-CI AtomProp: what the editor needs to know about a plugin where a template uses it. */
export interface AtomProp {
  atomCode: string;
  os: string[];
  logoUrl: string | null;
  buildLessRunFlag: boolean | null;
  versionOsMap: Record<string, string[]> | null;
}

const ALL_OS = ['LINUX', 'MACOS', 'WINDOWS'];

/**
 * The built-in element types BK-CI's store seeds (5001_ci_store-init_dml: OS and BUILD_LESS_RUN_FLAG),
 * for those our Model knows. With no plugin store there is nothing to say about store plugins, and
 * no logo to serve.
 */
const BUILT_IN: Record<string, Pick<AtomProp, 'os' | 'buildLessRunFlag'>> = {
  manualTrigger: { os: ALL_OS, buildLessRunFlag: false },
  timerTrigger: { os: ALL_OS, buildLessRunFlag: false },
  remoteTrigger: { os: ALL_OS, buildLessRunFlag: false },
  codeSVNWebHookTrigger: { os: ALL_OS, buildLessRunFlag: false },
  codeGitlabWebHookTrigger: { os: ALL_OS, buildLessRunFlag: false },
  codeGithubWebHookTrigger: { os: ALL_OS, buildLessRunFlag: false },
  codeTGitWebHookTrigger: { os: ALL_OS, buildLessRunFlag: false },
  codeP4WebHookTrigger: { os: ALL_OS, buildLessRunFlag: false },
  linuxScript: { os: ['LINUX', 'MACOS'], buildLessRunFlag: true },
  windowsScript: { os: ['WINDOWS'], buildLessRunFlag: false },
  manualReviewUserTask: { os: ALL_OS, buildLessRunFlag: true },
};

/** An element's atom code: a store plugin's own code, else its type (BK-CI Element.getAtomCode). */
function atomCodeOf(element: Element): string {
  return typeof element.atomCode === 'string' ? element.atomCode : element['@type'];
}

/** The containers a template of `type` holds (BK-CI ModelUtils.getTemplateModelAtoms). */
function containersOf(type: PipelineTemplateType, model: TemplateModel): Container[] {
  switch (type) {
    case 'PIPELINE':
    case 'STAGE':
      return (model as Model | StageTemplateModel).stages.flatMap((stage) => stage.containers);
    case 'JOB':
      return (model as JobTemplateModel).containers;
    case 'STEP':
      return [(model as StepTemplateModel).container];
    case 'VARIABLE':
      return [];
  }
}

/** The props of the built-in elements a template uses, by atom code; null when it uses none (as BK-CI's store answers). */
export function builtInAtomProps(type: PipelineTemplateType, model: TemplateModel): Record<string, AtomProp> | null {
  const codes = new Set(containersOf(type, model).flatMap((container) => container.elements.map(atomCodeOf)));
  const props = [...codes].filter((code) => code in BUILT_IN).map((code) => ({ atomCode: code, ...BUILT_IN[code], logoUrl: null, versionOsMap: null }));
  return props.length === 0 ? null : Object.fromEntries(props.map((prop) => [prop.atomCode, prop]));
}
