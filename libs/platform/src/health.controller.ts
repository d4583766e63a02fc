import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequireAuthenticated } from '@bkci/auth';
import { CommonError, CommonErrorCode, withTimeout } from '@bkci/core';
import { LockService } from '@bkci/locking';
import { EventBus } from '@bkci/messaging';
import { DatabaseHealth } from '@bkci/persistence';

type ComponentState = 'up' | 'down';

export interface HealthReport {
  database: ComponentState;
  bus: ComponentState;
  lock: ComponentState;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabaseHealth,
    private readonly bus: EventBus,
    private readonly locks: LockService,
  ) {}

  /** 200 when the database, the event bus and the lock store all answer; 503 naming what is down. */
  @Get()
  @RequireAuthenticated()
  async health(): Promise<HealthReport> {
    const report: HealthReport = {
      database: await probe(() => this.database.check()),
      bus: await probe(() => this.bus.check()),
      lock: await probe(() => this.locks.check()),
    };
    const down = Object.entries(report).filter(([, state]) => state === 'down').map(([name]) => name);
    if (down.length > 0) {
      throw new CommonError(CommonErrorCode.SERVICE_UNAVAILABLE, `Unhealthy: ${down.join(', ')} down`, report);
    }
    return report;
  }
}

async function probe(check: () => Promise<unknown>): Promise<ComponentState> {
  try {
    await withTimeout(check(), 3000, 'health probe');
    return 'up';
  } catch {
    return 'down';
  }
}
