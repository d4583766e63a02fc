import { CommonErrorCode, errorEnvelope } from '@bkci/core';
import type { Response } from 'express';

export function sendUnauthenticated(response: Response): void {
  response
    .status(401)
    .setHeader('www-authenticate', 'Bearer')
    .json(errorEnvelope(CommonErrorCode.UNAUTHENTICATED, 'Send "Authorization: Bearer <token>" with a valid admin or personal access token'));
}
