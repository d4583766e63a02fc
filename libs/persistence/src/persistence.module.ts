import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@bkci/config';
import { dataSourceOptions, describeDatabase, SchemaDefinition } from './data-source-options';
import { createDataSource } from './create-data-source';
import { DatabaseHealth } from './database-health';
import { ensureDatabaseExists } from './ensure-database';

@Module({})
export class PersistenceModule {
  static forRoot(config: AppConfig, schema: SchemaDefinition): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            await ensureDatabaseExists(config.database);
            return { ...dataSourceOptions(config.database, schema), migrationsRun: config.database.migrateAtBoot };
          },
          dataSourceFactory: async (options) => {
            const dataSource = await createDataSource(options!);
            if (await dataSource.showMigrations()) {
              await dataSource.destroy();
              throw new Error(
                `${describeDatabase(config)} has migrations that have not run yet: run "npm run migrate" first`,
              );
            }
            return dataSource;
          },
        }),
      ],
      providers: [DatabaseHealth],
      exports: [DatabaseHealth],
    };
  }
}
