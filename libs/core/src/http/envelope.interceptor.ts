import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { map, Observable } from 'rxjs';
import { Envelope, okEnvelope } from './envelope';

const RETURNS_ENVELOPE = 'bkci:returns-envelope';

/**
 * For the few BK-CI resources whose answer is itself `{status, message, data}` and is sent as the
 * whole body (e.g. TemplateOperationRet of template instantiation): the interceptor leaves it as is.
 */
export const ReturnsEnvelope = () => SetMetadata(RETURNS_ENVELOPE, true);

/** Wraps every controller result in the envelope, so controllers return plain data. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<Envelope<unknown>> {
    if (this.reflector.get<boolean>(RETURNS_ENVELOPE, context.getHandler())) return next.handle() as Observable<Envelope<unknown>>;
    return next.handle().pipe(map((data: unknown) => okEnvelope(data)));
  }
}
