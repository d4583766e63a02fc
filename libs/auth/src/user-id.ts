import { Injectable, PipeTransform } from '@nestjs/common';
import { CommonError, CommonErrorCode } from '@bkci/core';

/** User ids as BK-CI accepts them (login names, e-mail style names). */
export const USER_ID_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;
export const USER_ID_RULE = 'a user id is 1–64 letters, digits, "_", ".", "@" or "-"';

/** Validates a user id taken from the route. */
@Injectable()
export class UserIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!USER_ID_PATTERN.test(value)) {
      throw new CommonError(CommonErrorCode.PARAMETER_INVALID, `Invalid user id "${value}": ${USER_ID_RULE}`);
    }
    return value;
  }
}
