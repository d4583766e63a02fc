import { Body, Controller, Get, Headers, HttpCode, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BuildIdentity, CurrentBuild, RequireBuild } from '@bkci/auth';
import { BuildTask, BuildVariables, HeartBeatInfo } from '@bkci/contracts';
import { BuildError, BuildErrorCode } from '../build.errors';
import { BuildWorkerService, WorkerJob } from './build-worker.service';
import { BuildJobResultDto, BuildTaskResultDto } from './dto/worker.dto';

/** BK-CI's header naming the job (its container seq id) on worker calls. */
const VM_SEQ_ID_HEADER = 'x-devops-vm-sid';

/**
 * BK-CI BuildJobResource (`/build/worker/*`): the worker of a job on an agent, identified by the
 * job's build token (verified by the gateway). The job is the token's; the X-DEVOPS-VM-SID header,
 * when sent, must name the same job.
 */
@ApiTags('builds (worker)')
@Controller('build/worker')
@RequireBuild()
export class BuildWorkerController {
  constructor(private readonly workers: BuildWorkerService) {}

  @Put('started')
  started(@CurrentBuild() build: BuildIdentity, @Headers(VM_SEQ_ID_HEADER) vmSeqId?: string): Promise<BuildVariables> {
    return this.workers.started(jobOf(build, vmSeqId));
  }

  @Get('claim')
  claim(@CurrentBuild() build: BuildIdentity, @Headers(VM_SEQ_ID_HEADER) vmSeqId?: string): Promise<BuildTask> {
    return this.workers.claim(jobOf(build, vmSeqId));
  }

  @Post('complete')
  @HttpCode(200)
  complete(@CurrentBuild() build: BuildIdentity, @Body() result: BuildTaskResultDto, @Headers(VM_SEQ_ID_HEADER) vmSeqId?: string): Promise<boolean> {
    return this.workers.complete(jobOf(build, vmSeqId), result);
  }

  @Post('end')
  @HttpCode(200)
  end(@CurrentBuild() build: BuildIdentity, @Body() _result: BuildJobResultDto, @Headers(VM_SEQ_ID_HEADER) vmSeqId?: string): Promise<boolean> {
    return this.workers.end(jobOf(build, vmSeqId));
  }

  @Post('heartbeat/v1')
  @HttpCode(200)
  heartbeat(@CurrentBuild() build: BuildIdentity, @Headers(VM_SEQ_ID_HEADER) vmSeqId?: string): Promise<HeartBeatInfo> {
    return this.workers.heartbeat(jobOf(build, vmSeqId));
  }
}

function jobOf(build: BuildIdentity, header: string | undefined): WorkerJob {
  if (!build.vmSeqId) throw new BuildError(BuildErrorCode.JOB_TOKEN_MISMATCH, 'Worker calls need the build token of a job (the one startBuild gave the agent)');
  if (header && header !== build.vmSeqId) throw new BuildError(BuildErrorCode.JOB_TOKEN_MISMATCH, `The build token is job ${build.vmSeqId}'s, not job ${header}'s`);
  return { build, vmSeqId: build.vmSeqId };
}
