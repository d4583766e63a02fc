import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TemplatePipelineEntity } from '../pipelines/entities/template-pipeline.entity';
import { TemplateInstanceCounter } from './template-delete.service';

/** Counts live pipelines whose template relation points at the template (and version). */
@Injectable()
export class TemplatePipelineInstanceCounter extends TemplateInstanceCounter {
  count(manager: EntityManager, projectId: string, templateId: string, version?: number): Promise<number> {
    return manager.countBy(TemplatePipelineEntity, { projectId, templateId, deleted: false, ...(version === undefined ? {} : { templateVersion: version }) });
  }
}
