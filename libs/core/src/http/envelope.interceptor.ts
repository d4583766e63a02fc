import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { Envelope, okEnvelope } from './envelope';

/** Wraps every controller result in the envelope, so controllers return plain data. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<Envelope<unknown>> {
    return next.handle().pipe(map((data: unknown) => okEnvelope(data)));
  }
}
