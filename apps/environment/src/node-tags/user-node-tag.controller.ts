import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequireAuthenticated } from '@bkci/auth';
import { ArrayBodyPipe } from '@bkci/core';
import { NodeTagView } from '../nodes/node-views';
import { DeleteTagQueryDto, NodeTagAndEnvQueryDto, NodeTagProjectQueryDto, NodeTagReqDto, NodeTagUpdateReqDto, UpdateNodeTagDto } from './dto/node-tag.dto';
import { NodeTagAndEnv, NodeTagService } from './node-tag.service';

/** BK-CI's /user/nodetag API; the project is a query parameter, so the service checks each permission. */
@ApiTags('node tags')
@Controller('user/nodetag')
export class UserNodeTagController {
  constructor(private readonly tags: NodeTagService) {}

  @Post('create')
  @RequireAuthenticated()
  async create(@CurrentCaller() caller: Caller, @Query() query: NodeTagProjectQueryDto, @Body() dto: NodeTagReqDto): Promise<boolean> {
    await this.tags.create(caller, query.projectId, dto);
    return true;
  }

  @Get('fetchTag')
  @RequireAuthenticated()
  fetch(@CurrentCaller() caller: Caller, @Query() query: NodeTagProjectQueryDto): Promise<NodeTagView[]> {
    return this.tags.fetch(caller, query.projectId);
  }

  @Post('editTag')
  @HttpCode(200)
  @RequireAuthenticated()
  async edit(@CurrentCaller() caller: Caller, @Query() query: NodeTagProjectQueryDto, @Body() dto: UpdateNodeTagDto): Promise<boolean> {
    await this.tags.setNodeTags(caller, query.projectId, dto);
    return true;
  }

  @Post('batchEditTag')
  @HttpCode(200)
  @RequireAuthenticated()
  async batchEdit(@CurrentCaller() caller: Caller, @Query() query: NodeTagProjectQueryDto, @Body(new ArrayBodyPipe(UpdateNodeTagDto)) items: UpdateNodeTagDto[]): Promise<boolean> {
    await this.tags.setMany(caller, query.projectId, items);
    return true;
  }

  @Delete('deleteTag')
  @RequireAuthenticated()
  async delete(@CurrentCaller() caller: Caller, @Query() query: DeleteTagQueryDto): Promise<boolean> {
    await this.tags.delete(caller, query.projectId, query.tagKeyId, query.tagValueId);
    return true;
  }

  @Put('updateTag')
  @RequireAuthenticated()
  async update(@CurrentCaller() caller: Caller, @Query() query: NodeTagProjectQueryDto, @Body() dto: NodeTagUpdateReqDto): Promise<boolean> {
    await this.tags.update(caller, query.projectId, dto);
    return true;
  }

  @Get('fetchNodeTagAndDynEnv')
  @RequireAuthenticated()
  tagsAndEnvs(@CurrentCaller() caller: Caller, @Query() query: NodeTagAndEnvQueryDto): Promise<NodeTagAndEnv> {
    return this.tags.tagsAndEnvs(caller, query.projectId, query.nodeHashId);
  }
}
