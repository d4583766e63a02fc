import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { GATEWAY_ISSUER } from '@bkci/auth';
import { AppMetrics } from '@bkci/platform';
import type { Response } from 'express';
import { CallMetricsRepository } from './call-metrics.repository';
import { CallMetricsService, metricsKeyOf } from './call-metrics.service';
import type { ApiCallMetrics } from './call-windows';

const API = 'GET /v4/projects/{projectId}/build_status';
const ann = { userId: 'ann', issuer: GATEWAY_ISSUER, appCode: null, admin: false };

/** A store that is down: Redis unreachable. */
class DownRepository extends CallMetricsRepository {
  record(): Promise<void> {
    return Promise.reject(new Error('connect ECONNREFUSED'));
  }

  rows(): Promise<ApiCallMetrics[]> {
    return Promise.reject(new Error('connect ECONNREFUSED'));
  }
}

/** The parts of an Express response the service listens to. */
function answered(statusCode: number): Response {
  return Object.assign(new EventEmitter(), { statusCode, writableFinished: true }) as unknown as Response;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('CallMetricsService', () => {
  afterEach(() => jest.restoreAllMocks());

  it('keys a call by its app in app mode, else by its user', () => {
    expect(metricsKeyOf(ann)).toBe('user:ann');
    expect(metricsKeyOf({ ...ann, appCode: 'ci-bot' })).toBe('app:ci-bot');
  });

  it('serves calls while the store is down, saying so once, and still counts them in Prometheus', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const metrics = new AppMetrics('openapi');
    const service = new CallMetricsService(new DownRepository(), metrics);
    const responses = [answered(200), answered(200), answered(404)];
    for (const response of responses) expect(() => service.track(API, ann, response)).not.toThrow();
    expect((await metrics.registry.getSingleMetric('openapi_v4_calls_in_flight')!.get()).values[0].value).toBe(3);
    for (const response of responses) response.emit('close');
    await settle();
    expect(warn).toHaveBeenCalledTimes(1);
    const text = await metrics.registry.metrics();
    expect(text).toContain(`openapi_v4_calls_total{api="${API}",key="user:ann",status="2xx",app="openapi"} 2`);
    expect(text).toContain(`openapi_v4_calls_total{api="${API}",key="user:ann",status="4xx",app="openapi"} 1`);
    expect(text).toContain('openapi_v4_calls_in_flight{app="openapi"} 0');
  });

  it('answers 503 to the operator when the store cannot be read', async () => {
    const service = new CallMetricsService(new DownRepository(), new AppMetrics('openapi'));
    await expect(service.list({})).rejects.toMatchObject({ httpStatus: 503 });
  });
});
