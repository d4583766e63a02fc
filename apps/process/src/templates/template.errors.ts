import { DomainError } from '@bkci/core';

/** Module 01 (process), range 11xx: pipeline templates. Stable: clients match on them. */
export enum TemplateErrorCode {
  TEMPLATE_NOT_FOUND = 2101101,
  VERSION_NOT_FOUND = 2101102,
  NAME_EXISTS = 2101103,
  MODEL_INVALID = 2101104,
  NOT_A_DRAFT = 2101105,
  VERSION_NAME_EXISTS = 2101106,
  LATEST_RELEASE_UNDELETABLE = 2101107,
  HAS_INSTANCES = 2101108,
  DRAFT_CONFLICT = 2101109,
  CONCURRENT_UPDATE = 2101110,
  MODEL_TOO_LARGE = 2101111,
  SOURCE_NOT_RELEASED = 2101112,
  INPUT_INVALID = 2101113,
  OVERRIDE_CONST = 2101114,
  INSTANCE_BUSY = 2101115,
  BATCH_NOT_FOUND = 2101116,
  ALREADY_INSTALLED = 2101117,
  NOT_PUBLISHABLE = 2101118,
  STORE_IN_USE = 2101119,
  NOT_A_STORE_COPY = 2101120,
  NOT_EXPORTABLE = 2101121,
}

const HTTP_STATUS: Record<TemplateErrorCode, number> = {
  [TemplateErrorCode.TEMPLATE_NOT_FOUND]: 404,
  [TemplateErrorCode.VERSION_NOT_FOUND]: 404,
  [TemplateErrorCode.NAME_EXISTS]: 409,
  [TemplateErrorCode.MODEL_INVALID]: 400,
  [TemplateErrorCode.NOT_A_DRAFT]: 409,
  [TemplateErrorCode.VERSION_NAME_EXISTS]: 409,
  [TemplateErrorCode.LATEST_RELEASE_UNDELETABLE]: 409,
  [TemplateErrorCode.HAS_INSTANCES]: 409,
  [TemplateErrorCode.DRAFT_CONFLICT]: 409,
  [TemplateErrorCode.CONCURRENT_UPDATE]: 409,
  [TemplateErrorCode.MODEL_TOO_LARGE]: 400,
  [TemplateErrorCode.SOURCE_NOT_RELEASED]: 409,
  [TemplateErrorCode.INPUT_INVALID]: 400,
  [TemplateErrorCode.OVERRIDE_CONST]: 400,
  [TemplateErrorCode.INSTANCE_BUSY]: 409,
  [TemplateErrorCode.BATCH_NOT_FOUND]: 404,
  [TemplateErrorCode.ALREADY_INSTALLED]: 409,
  [TemplateErrorCode.NOT_PUBLISHABLE]: 409,
  [TemplateErrorCode.STORE_IN_USE]: 409,
  [TemplateErrorCode.NOT_A_STORE_COPY]: 409,
  [TemplateErrorCode.NOT_EXPORTABLE]: 409,
};

export class TemplateError extends DomainError {
  constructor(code: TemplateErrorCode, message: string, data: unknown = null) {
    super(code, HTTP_STATUS[code], message, data);
  }
}

export function templateNotFound(templateId: string): TemplateError {
  return new TemplateError(TemplateErrorCode.TEMPLATE_NOT_FOUND, `Template ${templateId} does not exist in this project`, { templateId });
}

export function versionNotFound(templateId: string, version: number): TemplateError {
  return new TemplateError(TemplateErrorCode.VERSION_NOT_FOUND, `Template ${templateId} has no version ${version}`, { templateId, version });
}
