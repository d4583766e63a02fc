import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { CommonErrorCode } from '../errors/common-error-code';
import { DomainError } from '../errors/domain-error';
import { errorEnvelope } from './envelope';

/** The one place where any thrown error becomes an HTTP status plus the envelope. */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorEnvelopeFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { httpStatus, code, message, data } = this.describe(error);
    if (httpStatus >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (response.headersSent) return;
    response.status(httpStatus).json(errorEnvelope(code, message, data));
  }

  private describe(error: unknown): { httpStatus: number; code: number; message: string; data: unknown } {
    if (error instanceof DomainError) {
      return { httpStatus: error.httpStatus, code: error.code, message: error.message, data: error.data };
    }
    if (error instanceof HttpException) {
      const httpStatus = error.getStatus();
      return { httpStatus, code: codeForHttpStatus(httpStatus), message: error.message, data: null };
    }
    const refused = clientErrorOf(error);
    if (refused) return { ...refused, code: codeForHttpStatus(refused.httpStatus), data: null };
    return { httpStatus: 500, code: CommonErrorCode.SYSTEM_ERROR, message: 'Internal error', data: null };
  }
}

/**
 * Express and its body parser refuse a request by throwing an error with a 4xx `status` (the
 * http-errors convention); body-parser adds a `type` saying what was wrong with the body.
 */
function clientErrorOf(error: unknown): { httpStatus: number; message: string } | null {
  if (!(error instanceof Error)) return null;
  const { status, type, limit } = error as Error & { status?: unknown; type?: unknown; limit?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  switch (type) {
    case 'entity.too.large':
      return { httpStatus: 413, message: `The request body is larger than the limit of ${String(limit)} bytes` };
    case 'entity.parse.failed':
      return { httpStatus: 400, message: `The request body is not valid JSON: ${error.message}` };
    case 'charset.unsupported':
      return { httpStatus: 415, message: `The request body's charset is not supported (${error.message}); send UTF-8` };
    case 'encoding.unsupported':
      return { httpStatus: 415, message: `The request body's content-encoding is not supported (${error.message}); send identity, gzip or deflate` };
    default:
      // e.g. a gzip content-encoding on a body that is not gzip, or a body shorter than its content-length.
      return { httpStatus: status, message: `The request could not be read: ${error.message}` };
  }
}

/** Nest's own exceptions (unknown route, body too large, …) get the matching common code. */
function codeForHttpStatus(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return CommonErrorCode.PARAMETER_INVALID;
    case 401:
      return CommonErrorCode.UNAUTHENTICATED;
    case 403:
      return CommonErrorCode.PERMISSION_DENIED;
    case 404:
      return CommonErrorCode.NOT_FOUND;
    case 409:
      return CommonErrorCode.PARAMETER_DUPLICATE;
    case 413:
      return CommonErrorCode.PAYLOAD_TOO_LARGE;
    case 415:
      return CommonErrorCode.UNSUPPORTED_MEDIA_TYPE;
    case 429:
      return CommonErrorCode.TOO_MANY_REQUESTS;
    case 503:
      return CommonErrorCode.SERVICE_UNAVAILABLE;
    default:
      return httpStatus < 500 ? CommonErrorCode.PARAMETER_INVALID : CommonErrorCode.SYSTEM_ERROR;
  }
}
