import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequireAdmin } from '@bkci/auth';
import { Page } from '@bkci/core';
import { CallMetricsService } from './call-metrics.service';
import type { ApiCallMetrics } from './call-windows';
import { ListCallMetricsDto } from './dto/list-call-metrics.dto';

@ApiTags('call metrics')
@Controller()
export class CallMetricsController {
  constructor(private readonly metrics: CallMetricsService) {}

  /** BK-CI's T_OPENAPI_METRICS_FOR_API, live: the v4 calls per api and caller over 5 min, 1 h, 24 h and 7 d. */
  @Get('op/metrics/apis')
  @RequireAdmin()
  list(@Query() query: ListCallMetricsDto): Promise<Page<ApiCallMetrics>> {
    return this.metrics.list(query);
  }
}
