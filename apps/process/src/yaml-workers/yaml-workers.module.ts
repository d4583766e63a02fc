import { Module } from '@nestjs/common';
import { YamlWorkers } from './yaml-workers';

/** One pool of YAML worker threads per app, shared by pipelines and templates. */
@Module({ providers: [YamlWorkers], exports: [YamlWorkers] })
export class YamlWorkersModule {}
