import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EsClient } from './elasticsearch/es-client';
import { EsLines } from './elasticsearch/es-lines';
import { LOG_CONFIG, LogConfig, LogElasticsearchConfig } from './log.config';

type Port<T> = abstract new (...args: never[]) => T;

/**
 * A storage port's provider (BKCI_LOG_STORE): the SQL repository, or the Elasticsearch adapter,
 * which keeps the lines in the cluster and everything else in SQL.
 */
export function logStore<T>(
  port: Port<T>,
  sql: (dataSource: DataSource) => T,
  elasticsearch: (dataSource: DataSource, es: EsLines, config: LogElasticsearchConfig) => T,
): Provider {
  return {
    provide: port,
    inject: [LOG_CONFIG.token, DataSource],
    useFactory: ({ elasticsearch: cluster }: LogConfig, dataSource: DataSource) =>
      cluster ? elasticsearch(dataSource, new EsLines(new EsClient(cluster)), cluster) : sql(dataSource),
  };
}
