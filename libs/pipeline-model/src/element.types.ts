import type { ElementAdditionalOptions, ManualReviewParam, NameAndValue } from './control.types';
import type { TemplateDescriptor } from './template.types';

/** Fields every element carries (`Element`). Runtime-only fields are optional and untyped. */
export interface ElementBase {
  '@type': string;
  name?: string;
  /** `e-` + 32 hex; legacy/default ids look like `T-1-1-1`. */
  id?: string | null;
  /** The user's id (YAML step `id`). */
  stepId?: string | null;
  version?: string;
  additionalOptions?: ElementAdditionalOptions | null;
  customEnv?: NameAndValue[] | null;
  status?: string | null;
  executeCount?: number | null;
  [runtime: string]: unknown;
}

export interface ManualTriggerElement extends ElementBase {
  '@type': 'manualTrigger';
  canElementSkip?: boolean | null;
  useLatestParameters?: boolean | null;
  buildMsg?: string | null;
}

export interface TimerTriggerElement extends ElementBase {
  '@type': 'timerTrigger';
  expression?: string | null;
  newExpression?: string[] | null;
  advanceExpression?: string[] | null;
  noScm?: boolean | null;
  branches?: string[] | null;
  repositoryType?: 'ID' | 'NAME' | 'SELF' | 'NONE' | null;
  repoHashId?: string | null;
  repoName?: string | null;
  startParams?: string | null;
}

export interface RemoteTriggerElement extends ElementBase {
  '@type': 'remoteTrigger';
  remoteToken?: string;
}

/** Git-family webhook trigger (`codeGitWebHookTrigger`, `codeTGitWebHookTrigger`, GitHub, GitLab…). */
export interface CodeWebHookTriggerElement extends ElementBase {
  '@type':
    | 'codeGitWebHookTrigger'
    | 'codeTGitWebHookTrigger'
    | 'codeGithubWebHookTrigger'
    | 'codeGitlabWebHookTrigger'
    | 'codeSVNWebHookTrigger'
    | 'codeP4WebHookTrigger';
  eventType?: string | null;
  repositoryType?: 'ID' | 'NAME' | 'SELF' | null;
  repositoryHashId?: string | null;
  repositoryName?: string | null;
  branchName?: string | null;
  excludeBranchName?: string | null;
  includeSourceBranchName?: string | null;
  excludeSourceBranchName?: string | null;
  tagName?: string | null;
  excludeTagName?: string | null;
  fromBranches?: string | null;
  includePaths?: string | null;
  excludePaths?: string | null;
  includeUsers?: string[] | null;
  excludeUsers?: string[] | null;
  pathFilterType?: string | null;
  includePushAction?: string[] | null;
  includeMrAction?: string[] | null;
  includeTagAction?: string[] | null;
  block?: boolean | null;
  webhookQueue?: boolean | null;
  enableCheck?: boolean | null;
  skipWip?: boolean | null;
}

export interface LinuxScriptElement extends ElementBase {
  '@type': 'linuxScript';
  scriptType: 'SHELL' | string;
  script: string;
  continueNoneZero?: boolean | null;
  enableArchiveFile?: boolean | null;
  archiveFile?: string | null;
  errorFAQUrl?: string | null;
}

export interface WindowsScriptElement extends ElementBase {
  '@type': 'windowsScript';
  scriptType: 'BAT' | string;
  script: string;
  charsetType?: string | null;
}

/** Store plugin data: `input` values, optional `output` and `namespace`. */
export interface MarketAtomData {
  input: Record<string, unknown>;
  output?: Record<string, unknown>;
  namespace?: string;
}

export interface MarketBuildAtomElement extends ElementBase {
  '@type': 'marketBuild';
  atomCode: string;
  version: string;
  data: MarketAtomData;
}

export interface MarketBuildLessAtomElement extends ElementBase {
  '@type': 'marketBuildLess';
  atomCode: string;
  version: string;
  data: MarketAtomData;
}

export interface ManualReviewUserTaskElement extends ElementBase {
  '@type': 'manualReviewUserTask';
  reviewUsers: string[];
  desc?: string | null;
  suggest?: string | null;
  params: ManualReviewParam[];
  namespace?: string | null;
  notifyType?: string[] | null;
  notifyTitle?: string | null;
  markdownContent?: boolean | null;
  notifyGroup?: string[] | null;
  reminderTime?: number | null;
  suggestRequired?: boolean | null;
}

export interface SubPipelineCallElement extends ElementBase {
  '@type': 'subPipelineCall';
  subPipelineId: string;
  asynchronous?: boolean;
  subPipelineType?: 'ID' | 'NAME';
  subPipelineName?: string | null;
  parameters?: Record<string, string> | null;
}

export interface StepTemplateElement extends ElementBase {
  '@type': 'stepTemplate';
  template: TemplateDescriptor;
}

/** Any other kind (quality gates, legacy checkout, store-related…): kept as-is. */
export interface GenericElement extends ElementBase {
  '@type': string;
}

export type TriggerElement =
  | ManualTriggerElement
  | TimerTriggerElement
  | RemoteTriggerElement
  | CodeWebHookTriggerElement;

export type KnownElement =
  | TriggerElement
  | LinuxScriptElement
  | WindowsScriptElement
  | MarketBuildAtomElement
  | MarketBuildLessAtomElement
  | ManualReviewUserTaskElement
  | SubPipelineCallElement
  | StepTemplateElement;

export type Element = KnownElement | GenericElement;

type ByType = { [E in KnownElement as E['@type']]: E };

/** Narrows an element by its `@type`. */
export function isElementOf<T extends keyof ByType>(element: Element, type: T): element is ByType[T] {
  return element['@type'] === type;
}
