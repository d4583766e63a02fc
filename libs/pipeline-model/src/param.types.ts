import type { BuildFormPropertyType, BuildNoType } from './enums';

/** One `{key, value}` choice of an ENUM / MULTIPLE param (`BuildFormValue`). */
export interface BuildFormValue {
  key: string;
  value: string;
}

/** A startup param of the trigger container (`BuildFormProperty`). */
export interface BuildFormProperty {
  id: string;
  name?: string | null;
  /** "is an input parameter": shown (and editable) when a build starts. */
  required: boolean;
  constant?: boolean | null;
  type: BuildFormPropertyType;
  defaultValue: unknown;
  value?: unknown;
  options?: BuildFormValue[] | null;
  desc?: string | null;
  category?: string | null;
  displayCondition?: Record<string, string> | null;
  sensitive?: boolean | null;
  readOnly?: boolean | null;
  valueNotEmpty?: boolean | null;
  repoHashId?: string | null;
  relativePath?: string | null;
  scmType?: string | null;
  containerType?: { buildType: string; os: string } | null;
  glob?: string | null;
  properties?: Record<string, string> | null;
  enableVersionControl?: boolean | null;
  randomStringInPath?: string | null;
  label?: string | null;
  placeholder?: string | null;
  propertyType?: string | null;
  searchUrl?: string | null;
  replaceKey?: string | null;
  payload?: unknown;
  cascadeProps?: unknown;
  /** FORM_LIST columns. */
  fields?: BuildFormProperty[] | null;
  /** Template only: whether an instance may override the param. */
  asInstanceInput?: boolean | null;
  varGroupName?: string | null;
  varGroupVersion?: number | null;
  removeFlag?: boolean | null;
}

/** Recommended version / build number (`BuildNo`). */
export interface BuildNo {
  buildNo: number;
  buildNoType: BuildNoType;
  required?: boolean | null;
  currentBuildNo?: number | null;
  asInstanceInput?: boolean | null;
}

/** Param ids that carry the recommended version's parts. */
export const MAJOR_VERSION = 'BK_CI_MAJOR_VERSION';
export const MINOR_VERSION = 'BK_CI_MINOR_VERSION';
export const FIX_VERSION = 'BK_CI_FIX_VERSION';
