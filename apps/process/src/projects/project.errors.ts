import { DomainError } from '@bkci/core';

/** Module 19 (project) in BK-CI's 21MMNNN scheme. */
export enum ProjectErrorCode {
  PROJECT_NOT_FOUND = 2119001,
  PROJECT_ALREADY_EXISTS = 2119002,
  GROUP_NOT_FOUND = 2119003,
  GROUP_ALREADY_EXISTS = 2119004,
  BUILT_IN_GROUP_READ_ONLY = 2119005,
  LAST_MANAGER = 2119006,
  RESOURCE_NOT_FOUND = 2119007,
  PROJECT_CREATION_RESTRICTED = 2119008,
}

const HTTP_STATUS: Record<ProjectErrorCode, number> = {
  [ProjectErrorCode.PROJECT_NOT_FOUND]: 404,
  [ProjectErrorCode.PROJECT_ALREADY_EXISTS]: 409,
  [ProjectErrorCode.GROUP_NOT_FOUND]: 404,
  [ProjectErrorCode.GROUP_ALREADY_EXISTS]: 409,
  [ProjectErrorCode.BUILT_IN_GROUP_READ_ONLY]: 400,
  [ProjectErrorCode.LAST_MANAGER]: 409,
  [ProjectErrorCode.RESOURCE_NOT_FOUND]: 404,
  [ProjectErrorCode.PROJECT_CREATION_RESTRICTED]: 403,
};

export class ProjectError extends DomainError {
  constructor(code: ProjectErrorCode, message: string, data: unknown = null) {
    super(code, HTTP_STATUS[code], message, data);
  }
}
