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
}

function httpStatusOf(code: ProjectErrorCode): number {
  switch (code) {
    case ProjectErrorCode.PROJECT_NOT_FOUND:
    case ProjectErrorCode.GROUP_NOT_FOUND:
    case ProjectErrorCode.RESOURCE_NOT_FOUND:
      return 404;
    case ProjectErrorCode.PROJECT_ALREADY_EXISTS:
    case ProjectErrorCode.GROUP_ALREADY_EXISTS:
    case ProjectErrorCode.LAST_MANAGER:
      return 409;
    case ProjectErrorCode.BUILT_IN_GROUP_READ_ONLY:
      return 400;
  }
}

export class ProjectError extends DomainError {
  constructor(code: ProjectErrorCode, message: string, data: unknown = null) {
    super(code, httpStatusOf(code), message, data);
  }
}
