import type { JobControlOption, MatrixControlOption, MutexGroup, NameAndValue } from './control.types';
import type { Element } from './element.types';
import type { BuildType, VMBaseOS } from './enums';
import type { BuildFormProperty, BuildNo } from './param.types';
import type { TemplateDescriptor } from './template.types';

/** Fields every container (job) carries. */
export interface ContainerBase {
  '@type': string;
  /** Model-wide "seq id": the trigger is "0", then "1", "2", … across stages. */
  id?: string | null;
  containerId?: string | null;
  /** `c-` + 32 hex, globally unique. */
  containerHashId?: string | null;
  /** The user's id (the YAML job key). */
  jobId?: string | null;
  name?: string;
  elements: Element[];
  canRetry?: boolean | null;
  containPostTaskFlag?: boolean | null;
  matrixGroupFlag?: boolean | null;
  status?: string | null;
  [runtime: string]: unknown;
}

export interface TriggerContainer extends ContainerBase {
  '@type': 'trigger';
  params: BuildFormProperty[];
  templateParams?: BuildFormProperty[] | null;
  buildNo?: BuildNo | null;
}

/** Where a vmBuild job runs; `buildType` is the discriminator, `value` depends on it. */
export interface DispatchType {
  buildType: BuildType | string;
  value: string;
  imageCode?: string | null;
  imageVersion?: string | null;
  imageName?: string | null;
  imageType?: 'BKSTORE' | 'THIRD' | string | null;
  credentialId?: string | null;
  performanceConfigId?: number | null;
  dockerBuildVersion?: string | null;
  workspace?: string | null;
  agentType?: 'NAME' | 'ID' | 'REUSE_JOB_ID' | null;
  envProjectId?: string | null;
  dockerInfo?: unknown;
  [extra: string]: unknown;
}

export interface VMBuildContainer extends ContainerBase {
  '@type': 'vmBuild';
  baseOS: VMBaseOS;
  vmNames?: string[];
  maxQueueMinutes?: number;
  maxRunningMinutes?: number;
  buildEnv?: Record<string, string> | null;
  customBuildEnv?: Record<string, string> | null;
  customEnv?: NameAndValue[] | null;
  thirdPartyAgentId?: string | null;
  thirdPartyAgentEnvId?: string | null;
  thirdPartyWorkspace?: string | null;
  dockerBuildVersion?: string | null;
  dispatchType?: DispatchType | null;
  showBuildResource?: boolean | null;
  enableExternal?: boolean | null;
  jobControlOption?: JobControlOption | null;
  mutexGroup?: MutexGroup | null;
  matrixControlOption?: MatrixControlOption | null;
  nfsSwitch?: boolean | null;
}

/** Agentless job: runs inside the BK-CI backend. */
export interface NormalContainer extends ContainerBase {
  '@type': 'normal';
  enableSkip?: boolean | null;
  conditions?: unknown[] | null;
  maxQueueMinutes?: number;
  maxRunningMinutes?: number;
  jobControlOption?: JobControlOption | null;
  mutexGroup?: MutexGroup | null;
  matrixControlOption?: MatrixControlOption | null;
}

/** A reference to a job template (V2). */
export interface JobTemplateContainer extends ContainerBase {
  '@type': 'jobTemplate';
  template?: TemplateDescriptor | null;
}

export type Container = TriggerContainer | VMBuildContainer | NormalContainer | JobTemplateContainer;

/** A job that runs steps (vmBuild or normal). */
export type JobContainer = VMBuildContainer | NormalContainer;
