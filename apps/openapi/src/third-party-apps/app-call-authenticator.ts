import { Injectable } from '@nestjs/common';
import { Caller, GATEWAY_ISSUER, USER_ID_PATTERN, USER_ID_RULE } from '@bkci/auth';
import { CommonError, CommonErrorCode } from '@bkci/core';
import { appCredentialsOf } from './app-credentials';
import { AppCodeProjectService } from './app-code-project.service';
import { ThirdPartyAppError, ThirdPartyAppErrorCode } from './third-party-app.errors';
import { ThirdPartyAppService } from './third-party-app.service';

/**
 * Decides who an app-mode call (`/api/apigw-app/v4/...`) is: the app proves itself with its code
 * and secret, names the user it acts for, and may act only in the projects it is bound to. The
 * user's own permission is checked by the app behind, as for any call; the caller carries both.
 */
@Injectable()
export class AppCallAuthenticator {
  constructor(
    private readonly apps: ThirdPartyAppService,
    private readonly bindings: AppCodeProjectService,
  ) {}

  /** `projectId` is the project the call's path names, null when it names none. Throws ThirdPartyAppError. */
  async callerOf(header: (name: string) => string | undefined, projectId: string | null): Promise<Caller> {
    const credentials = appCredentialsOf(header);
    if (typeof credentials === 'string') throw new ThirdPartyAppError(ThirdPartyAppErrorCode.APP_CREDENTIALS_INVALID, credentials);
    const { appCode, secret, userId } = credentials;
    if (!(await this.apps.verifySecret(appCode, secret))) {
      throw new ThirdPartyAppError(ThirdPartyAppErrorCode.APP_CREDENTIALS_INVALID, `The app code and secret do not match an active secret of a registered app`);
    }
    return this.callerFor(appCode, userId, projectId);
  }

  /**
   * For an app already proven (by its secret, or by an OAuth2 client_credentials token): the user it
   * names, in a project it is bound to. Throws ThirdPartyAppError.
   */
  async callerFor(appCode: string, userId: string | null, projectId: string | null): Promise<Caller> {
    if (userId === null) {
      throw new ThirdPartyAppError(ThirdPartyAppErrorCode.APP_USER_MISSING, 'App-mode calls must name the user they act for in X-DEVOPS-UID (or bk_username)');
    }
    if (!USER_ID_PATTERN.test(userId)) {
      throw new CommonError(CommonErrorCode.PARAMETER_INVALID, `X-DEVOPS-UID "${userId}" is not a user id: ${USER_ID_RULE}`);
    }
    if (projectId === null) {
      throw new ThirdPartyAppError(
        ThirdPartyAppErrorCode.APP_CALL_NAMES_NO_PROJECT,
        'This call names no project in its path, and an app may act only in the projects it is bound to; call it in user mode (apigw-user)',
      );
    }
    if (!(await this.bindings.isBound(appCode, projectId))) {
      throw new ThirdPartyAppError(ThirdPartyAppErrorCode.APP_NOT_BOUND_TO_PROJECT, `App ${appCode} is not bound to project ${projectId}; a manager of the project binds it`);
    }
    return { userId, issuer: GATEWAY_ISSUER, appCode, admin: false };
  }
}
