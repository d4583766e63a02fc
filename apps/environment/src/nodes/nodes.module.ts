import { Module } from '@nestjs/common';
import { NodeRepository } from './node.repository';

/** Nodes: the machines a project builds on. Exports the repository the agents feature imports nodes through. */
@Module({
  providers: [NodeRepository],
  exports: [NodeRepository],
})
export class NodesModule {}
