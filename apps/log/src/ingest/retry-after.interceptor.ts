import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, Observable, throwError } from 'rxjs';
import { asksToRetry } from './build-locks';

const RETRY_AFTER_SECONDS = '1';

/**
 * Adds `Retry-After` to the answers that ask the writer to come back (429: too many lines pending
 * or the build's lock busy; 503: ticket unreachable). The error itself still becomes the envelope
 * in the platform's ErrorEnvelopeFilter, which keeps headers already set.
 */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (asksToRetry(error)) {
          context.switchToHttp().getResponse<Response>().setHeader('Retry-After', RETRY_AFTER_SECONDS);
        }
        return throwError(() => error);
      }),
    );
  }
}
