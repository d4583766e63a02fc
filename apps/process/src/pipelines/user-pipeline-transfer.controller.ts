import { Body, Controller, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@bkci/auth';
import { PipelineTransferBodyDto, PipelineTransferQueryDto, TransferResponseResult } from './dto/pipeline-draft.dto';
import { transferPipeline } from './pipeline-transfer';
import { YamlWorkers } from '../yaml-workers/yaml-workers';

/** BK-CI's UserPipelineTransferResource.transfer: the editor's Model ↔ YAML switch; saves nothing. */
@ApiTags('pipelines')
@Controller('user/transfer/projects/:projectId')
export class UserPipelineTransferController {
  constructor(private readonly yamlWorkers: YamlWorkers) {}

  /** Anyone who may see the project's pipelines may convert; `pipelineId` only says which editor asked. */
  // The route reads no project, but its permission check does.
  @ApiParam({ name: 'projectId' })
  @Post()
  @RequirePermission('pipeline_list')
  transfer(@Query() query: PipelineTransferQueryDto, @Body() body: PipelineTransferBodyDto): Promise<TransferResponseResult> {
    return transferPipeline(this.yamlWorkers, query.actionType, body);
  }
}
