import { INestApplication } from '@nestjs/common';
import type { NestMicroservice } from '@nestjs/microservices';
import { EventBus } from '../bus/event-bus';
import { EventBusTransport, RethrowEventErrors } from './event-bus.transport';

/**
 * Starts the app's `@EventPattern` consumers on the event bus and resolves once they are consuming.
 * Called before the app's init, so that its subscriptions exist before the outbox relay publishes
 * anything (an event published to a queue nobody has declared yet would be lost).
 */
export async function startEventConsumers(app: INestApplication, appName: string): Promise<void> {
  const microservice = app.connectMicroservice(
    { strategy: new EventBusTransport(app.get(EventBus), appName) },
    // Not the app's config: its guard, envelope and pipes are for HTTP routes, not events.
    // Deferred so that the filter below is in place before the handlers are built.
    { inheritAppConfig: false, deferInitialization: true },
  ) as NestMicroservice;
  microservice.useGlobalFilters(new RethrowEventErrors());
  // One container, one set of lifecycle hooks: the app runs them (init, shutdown), not this.
  microservice.setIsInitHookCalled(true);
  await app.startAllMicroservices();
}
