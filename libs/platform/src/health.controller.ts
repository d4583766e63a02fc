import { Controller, Get, Optional } from '@nestjs/common';
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

/**
 * What an app adds to its health answer beside the parts every app has (the gateway: where its
 * rate limits are kept). It informs and never makes the answer 503. An app provides it from a
 * global module; apps without one answer as before.
 */
export abstract class HealthDetails {
  abstract report(): Record<string, string>;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabaseHealth,
    private readonly bus: EventBus,
    private readonly locks: LockService,
    @Optional() private readonly details?: HealthDetails,
  ) {}

  /** 200 when the database, the event bus and the lock store all answer; 503 naming what is down. The app's HealthDetails follow. */
  @Get()
  @RequireAuthenticated()
  async health(): Promise<HealthReport & Record<string, string>> {
    const report: HealthReport = {
      database: await probe(() => this.database.check()),
      bus: await probe(() => this.bus.check()),
      lock: await probe(() => this.locks.check()),
    };
    const down = Object.entries(report).filter(([, state]) => state === 'down').map(([name]) => name);
    const answer = { ...report, ...this.details?.report() };
    if (down.length > 0) {
      throw new CommonError(CommonErrorCode.SERVICE_UNAVAILABLE, `Unhealthy: ${down.join(', ')} down`, answer);
    }
    return answer;
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
