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
export function closeGracefullyOnSignal(apps: RunningApp[], graceMs: number, beforeDrain?: () => Promise<void>): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    // What depends on the apps (the standalone launcher's local agent) stops while they still answer.
    await beforeDrain?.();
    logger.log(`${signal} received: draining ${apps.map((a) => a.name).join(', ')}`);
    await drainAndClose(apps, graceMs);
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));
}

/** Stops accepting, waits for in-flight requests (at most `graceMs`), then closes every app. */
export async function drainAndClose(apps: RunningApp[], graceMs: number): Promise<void> {
  await Promise.all(apps.map(({ app }) => stopAccepting(app.getHttpServer() as Server, graceMs)));
  for (const { app } of apps) await app.close();
}

function stopAccepting(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    // A keep-alive socket turns idle once its response is sent: close it then, not at its timeout.
    const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
    const timer = setTimeout(() => {
      clearInterval(idleSweep);
      server.closeAllConnections();
      resolve();
    }, graceMs);
    server.close(() => {
      clearInterval(idleSweep);
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
