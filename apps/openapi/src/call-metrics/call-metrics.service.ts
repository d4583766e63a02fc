import { Injectable, Logger } from '@nestjs/common';
import type { Caller } from '@bkci/auth';
import { CommonError, CommonErrorCode, Page, resolvePaging, toPage } from '@bkci/core';
import { AppMetrics } from '@bkci/platform';
import type { Response } from 'express';
import { Counter, Gauge } from 'prom-client';
import { CallMetricsRepository } from './call-metrics.repository';
import type { ApiCallMetrics } from './call-windows';
import type { ListCallMetricsDto } from './dto/list-call-metrics.dto';

/** Who a call is counted against, as BK-CI keys its metrics: the app in app mode, else the user. */
export function metricsKeyOf(caller: Caller): string {
  return caller.appCode ? `app:${caller.appCode}` : `user:${caller.userId}`;
}

/**
 * Counts the v4 calls the gateway serves, per api and key: in the store (the operator API's
 * windows) and in Prometheus (a counter by status class, and the calls in flight). Counting never
 * fails nor delays a call: the store is written without waiting, and a failing store is logged
 * once when it starts failing and once when it recovers.
 */
@Injectable()
export class CallMetricsService {
  private readonly logger = new Logger(CallMetricsService.name);
  private readonly calls: Counter<'api' | 'key' | 'status'>;
  private readonly inFlight: Gauge;
  private failing = false;

  constructor(
    private readonly repository: CallMetricsRepository,
    metrics: AppMetrics,
  ) {
    this.calls = new Counter({
      name: 'openapi_v4_calls_total',
      help: 'OpenAPI v4 calls answered, by api, caller key (app:<code> or user:<id>) and status class (aborted: the client left first)',
      labelNames: ['api', 'key', 'status'],
      registers: [metrics.registry],
    });
    this.inFlight = new Gauge({ name: 'openapi_v4_calls_in_flight', help: 'OpenAPI v4 calls being served', registers: [metrics.registry] });
  }

  /** Counts a v4 call as it starts; its status class is counted when `response` is done. */
  track(api: string, caller: Caller, response: Response): void {
    const key = metricsKeyOf(caller);
    this.inFlight.inc();
    response.once('close', () => {
      this.inFlight.dec();
      this.calls.inc({ api, key, status: response.writableFinished ? `${Math.floor(response.statusCode / 100)}xx` : 'aborted' });
    });
    this.repository.record(api, key, Date.now()).then(
      () => this.recovered(),
      (error: unknown) => this.failed(error),
    );
  }

  async list(query: ListCallMetricsDto): Promise<Page<ApiCallMetrics>> {
    let rows: ApiCallMetrics[];
    try {
      rows = await this.repository.rows(Date.now());
    } catch (error) {
      throw new CommonError(CommonErrorCode.SERVICE_UNAVAILABLE, `Call metrics cannot be read now: ${(error as Error).message}`);
    }
    const matching = rows.filter((row) => (!query.key || row.key === query.key) && (!query.api || row.api === query.api));
    const paging = resolvePaging(query);
    return toPage(matching.slice(paging.offset, paging.offset + paging.pageSize), matching.length, paging);
  }

  private failed(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(`Call metrics are not being stored (calls are served regardless): ${(error as Error).message}`);
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.logger.log('Call metrics are stored again');
  }
}
