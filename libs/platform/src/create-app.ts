import { DynamicModule, INestApplication, NestMiddleware } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ServiceTokenMiddleware, ServiceTokens } from '@bkci/auth';
import { AppConfig } from '@bkci/config';
import { startEventConsumers } from '@bkci/messaging';
import { AppMetrics, httpMetricsMiddleware } from './metrics';
import { MAX_BODY_BYTES, rejectDeepJson } from './request-limits';

export interface CreateAppOptions {
  /**
   * Authenticates every request before routing. Default: a valid service token. The gateway
   * passes its own, which accepts user credentials instead.
   */
  authenticate?: (app: INestApplication) => NestMiddleware;
  /** Extra Express middleware that runs before authentication (the gateway's proxy). */
  before?: (app: INestApplication) => void;
}

/** Builds an app exactly as it runs: main.ts, the standalone launcher and the tests all use this. */
export async function createApp(root: DynamicModule, config: AppConfig, options: CreateAppOptions = {}) {
  const app = await NestFactory.create<NestExpressApplication>(root, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.use(httpMetricsMiddleware(app.get(AppMetrics)));
  // Before any body parser: the gateway's proxy streams request bodies through untouched.
  options.before?.(app);
  app.useBodyParser('json', { limit: MAX_BODY_BYTES });
  app.use(rejectDeepJson);
  const authenticate = options.authenticate?.(app) ?? new ServiceTokenMiddleware(app.get(ServiceTokens));
  app.use(authenticate.use.bind(authenticate));
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(`bkci ${config.app}`).setVersion('1').build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  // The `@EventPattern` methods of the app's controllers consume from the bus before the app
  // starts (its outbox relay, its resumed work) and so before it answers a request.
  await startEventConsumers(app, config.app);
  return app;
}
