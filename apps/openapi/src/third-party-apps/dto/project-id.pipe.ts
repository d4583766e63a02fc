import { Injectable, PipeTransform } from '@nestjs/common';
import { CommonError, CommonErrorCode } from '@bkci/core';

/** Project ids as BK-CI spells them (englishName; older projects may have "_"). */
const PROJECT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Validates each project id of a route parameter or of BK-CI's `projectId=a;b c` list, so no junk is stored as a binding. */
@Injectable()
export class ProjectIdsPipe implements PipeTransform<string | undefined, string[]> {
  transform(value: string | undefined): string[] {
    const ids = (value ?? '').split(/[ ;]/).map((id) => id.trim()).filter((id) => id !== '');
    if (ids.length === 0) throw new CommonError(CommonErrorCode.PARAMETER_MISSING, 'projectId is required');
    const bad = ids.find((id) => !PROJECT_ID_PATTERN.test(id));
    if (bad !== undefined) throw new CommonError(CommonErrorCode.PARAMETER_INVALID, `"${bad}" is not a project id: 1–64 lowercase letters, digits, "_" or "-"`);
    return ids;
  }
}
