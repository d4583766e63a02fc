import { INestApplication, Logger } from '@nestjs/common';
import type { Server } from 'node:http';

export interface RunningApp {
  name: string;
  app: INestApplication;
}

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish (up to the
 * grace period), then close each app, which stops consumers after their running handlers and
 * closes the database last.
 */
export function closeGracefullyOnSignal(apps: RunningApp[], graceMs: number): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: draining ${apps.map((a) => a.name).join(', ')}`);
    await Promise.all(apps.map(({ app }) => stopAccepting(app.getHttpServer() as Server, graceMs)));
    for (const { app } of apps) await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));
}

function stopAccepting(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
