import { CommonError, CommonErrorCode } from '@bkci/core';
import { YamlError } from '@bkci/pipeline-yaml';
import { YamlWorkers } from '../yaml-workers/yaml-workers';
import { PipelineTransferAction, PipelineTransferBodyDto, TransferResponseResult } from './dto/pipeline-draft.dto';
import { readContent, readModelContent } from './pipeline-content';
import { defaultSetting } from './pipeline-resource';

/**
 * The editor's switch between a pipeline's Model and its v3.0 YAML (BK-CI's
 * UserPipelineTransferResource.transfer, FULL_YAML2MODEL and FULL_MODEL2YAML). Nothing is saved.
 * YAML the transfer cannot read is a 400 naming line and column; a Model v3.0 cannot express
 * answers `yamlSupported: false` with the reason, as BK-CI does.
 */
export async function transferPipeline(workers: YamlWorkers, actionType: PipelineTransferAction, body: PipelineTransferBodyDto): Promise<TransferResponseResult> {
  const fallback = defaultSetting('', '');
  if (actionType === 'FULL_YAML2MODEL') {
    if (body.oldYaml === undefined || body.oldYaml.trim() === '') {
      throw new CommonError(CommonErrorCode.PARAMETER_INVALID, 'FULL_YAML2MODEL needs oldYaml, the v3.0 YAML to read');
    }
    const { model, setting } = await readContent(workers, { storageType: 'YAML', yaml: body.oldYaml, yamlFileName: body.yamlFileName }, fallback);
    return { modelAndSetting: { model, setting }, newYaml: body.oldYaml, yamlSupported: true, yamlInvalidMsg: null };
  }
  const { model, setting } = readModelContent(body.modelAndSetting, fallback);
  try {
    const yaml = await workers.modelToYaml(model, { setting });
    // The editor sends the YAML it showed before (oldYaml): its comments and layout are kept.
    const newYaml = body.oldYaml?.trim() ? await workers.mergeYaml(body.oldYaml, yaml) : yaml;
    return { modelAndSetting: { model, setting }, newYaml, yamlSupported: true, yamlInvalidMsg: null };
  } catch (error) {
    if (!(error instanceof YamlError)) throw error;
    return { modelAndSetting: { model, setting }, newYaml: null, yamlSupported: false, yamlInvalidMsg: error.message };
  }
}
