import { DynamicModule, Global, Module, Provider, RequestMethod, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AccessGuard, PermissionChecker, ServiceTokens } from '@bkci/auth';
import { ProcessAuthClient, ServiceClient } from '@bkci/clients';
import { APP_CONFIG, AppConfig, ConfigSection } from '@bkci/config';
import { createValidationPipe, EnvelopeInterceptor, ErrorEnvelopeFilter, SingleValueQueryPipe } from '@bkci/core';
import { LockingModule } from '@bkci/locking';
import { MESSAGING_ENTITIES, MessagingModule } from '@bkci/messaging';
import { PersistenceModule, SchemaDefinition } from '@bkci/persistence';
import { HealthController } from './health.controller';
import { AppMetrics, MetricsController } from './metrics';
import { PermissionCacheConsumer } from './permission-cache.consumer';
import { ProjectResources } from './project-resources';
import { RemotePermissionChecker } from './remote-permission.checker';

/** An app's own schema plus the outbox and dedup tables every app has. */
export function withMessagingTables(schema: SchemaDefinition): SchemaDefinition {
  return { entities: [...(schema.entities as []), ...MESSAGING_ENTITIES], migrations: schema.migrations };
}

export interface PlatformOptions {
  /** The app's own entities and migrations (the messaging tables are added here). */
  schema: SchemaDefinition;
  /**
   * Who answers permission questions. Default: ask `process` over HTTP. `process` itself, which
   * owns the RBAC data, passes its local checker and the providers it is built from.
   */
  permissionChecker?: { useClass: Type<PermissionChecker>; needs: Provider[] };
  /** The app's own settings (`<app>.config.ts`): read and validated here, injectable under `section.token`. */
  section?: ConfigSection<unknown>;
}

/**
 * Everything every app has: config, database, locks, event bus, logs, metrics, health, the
 * envelope, validation and the access guard. An app module imports this and adds its features.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, options: PlatformOptions): DynamicModule {
    const schema = withMessagingTables(options.schema);
    // Read first, so that a wrong setting stops the app before it opens any connection.
    const section: Provider[] = options.section ? [{ provide: options.section.token, useValue: options.section.load(config) }] : [];
    return {
      module: PlatformModule,
      imports: [
        LoggerModule.forRoot({
          // Express 5 route syntax; the default '*' is the legacy form and logs a warning per app.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.logLevel,
            name: config.app,
            // Every header that carries a credential: a user's, an app's, a build's, an agent's.
            redact: [
              'req.headers.authorization',
              'req.headers.cookie',
              'req.headers["x-devops-jwt-token"]',
              'req.headers["x-devops-app-secret"]',
              'req.headers["x-bkapi-authorization"]',
              'req.headers["x-devops-oauth2-client-secret"]',
              'req.headers["x-devops-build-token"]',
              'req.headers["x-devops-agent-secret-key"]',
            ],
          },
        }),
        PersistenceModule.forRoot(config, schema),
        LockingModule.forRoot(config),
        MessagingModule.forRoot(config),
      ],
      // The permission cache (and the consumer that invalidates it) only where answers come from `process`.
      controllers: [HealthController, MetricsController, ...(options.permissionChecker ? [] : [PermissionCacheConsumer])],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        ...section,
        { provide: ServiceTokens, useValue: new ServiceTokens(config.serviceToken.secret, config.serviceToken.ttlSeconds) },
        { provide: AppMetrics, useValue: new AppMetrics(config.app) },
        {
          provide: ServiceClient,
          inject: [ServiceTokens],
          useFactory: (tokens: ServiceTokens) => new ServiceClient(config, tokens),
        },
        ProcessAuthClient,
        ProjectResources,
        ...(options.permissionChecker
          ? [{ provide: PermissionChecker, useClass: options.permissionChecker.useClass }, ...options.permissionChecker.needs]
          : [
              {
                provide: RemotePermissionChecker,
                inject: [ProcessAuthClient],
                useFactory: (client: ProcessAuthClient) => new RemotePermissionChecker(client, config.permissionCacheMs),
              },
              { provide: PermissionChecker, useExisting: RemotePermissionChecker },
            ]),
        { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
        { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor },
        // Global pipes run in the order listed: a repeated query parameter is refused before validation.
        { provide: APP_PIPE, useClass: SingleValueQueryPipe },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [APP_CONFIG, ...section, ServiceTokens, ServiceClient, ProcessAuthClient, PermissionChecker, ProjectResources, AppMetrics],
    };
  }
}
