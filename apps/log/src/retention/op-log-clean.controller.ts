import { Controller, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequireAdmin } from '@bkci/auth';
import { LogRetentionService, RetentionRun } from './log-retention.service';

/** BK-CI's operator trigger of the clean-up: `PUT /op/clean/data` runs it now. */
@ApiTags('logs')
@Controller('op/clean')
export class OpLogCleanController {
  constructor(private readonly retention: LogRetentionService) {}

  @Put('data')
  @RequireAdmin()
  clean(): Promise<RetentionRun> {
    return this.retention.clean();
  }
}
