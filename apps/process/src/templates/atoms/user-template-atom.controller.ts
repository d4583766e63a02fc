import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@bkci/auth';
import { OptionalVersionQueryDto } from '../dto/template-queries.dto';
import { AtomProp } from './built-in-atom-props';
import { TemplateAtomService } from './template-atom.service';

/** BK-CI's UserTemplateAtomV2Resource: the console loads a template's model together with this. */
@ApiTags('templates')
@Controller('user/template/v2/atoms/projects/:projectId/templates/:templateId')
export class UserTemplateAtomController {
  constructor(private readonly atoms: TemplateAtomService) {}

  @Get('atom/prop/list')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  propList(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() query: OptionalVersionQueryDto): Promise<Record<string, AtomProp> | null> {
    return this.atoms.propList(projectId, templateId, query.version);
  }
}
