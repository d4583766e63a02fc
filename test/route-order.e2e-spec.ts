import express from 'express';
import { AppDefinition } from '@bkci/platform';
import { TestEnvironment } from '@bkci/testing';
import { environmentApp } from '../apps/environment/src/environment.app';
import { logApp } from '../apps/log/src/log.app';
import { notifyApp } from '../apps/notify/src/notify.app';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';
import { qualityApp } from '../apps/quality/src/quality.app';
import { ticketApp } from '../apps/ticket/src/ticket.app';

/** What Express's router (router 2.x) keeps of a route: its path, methods, and the matcher it dispatches with. */
interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  match(path: string): unknown;
}

interface RegisteredRoute {
  path: string;
  methods: string[];
  layer: RouteLayer;
}

/**
 * The routes that answer requests, in the order Express tries them. Nest binds middleware as a
 * route on every HTTP method at once; such a route passes each request on, so it is left out (so
 * would an `@All()` handler be, which Express also spreads over every method; the apps have none).
 * A handler route has one method.
 */
function routesOf(app: express.Express): RegisteredRoute[] {
  const stack = (app as unknown as { router: { stack: RouteLayer[] } }).router.stack;
  return stack
    .flatMap((layer) => (layer.route ? [{ path: layer.route.path, methods: Object.keys(layer.route.methods).filter((method) => layer.route!.methods[method]), layer }] : []))
    .filter((route) => route.methods.length === 1);
}

/** A path that only `path` itself should answer: every parameter filled with a value no literal segment has. */
function requestPathOf(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, 'param-$1-value');
}

/**
 * Every route a request for its own path would not reach, because a route registered earlier
 * (with a parameter where this one has a literal segment) matches first, as Express dispatches.
 */
function capturedRoutes(routes: RegisteredRoute[]): string[] {
  const captured: string[] = [];
  for (const route of routes) {
    for (const method of route.methods) {
      const path = requestPathOf(route.path);
      const first = routes.find((other) => other.methods.includes(method) && other.layer.match(path));
      // Express ignores a trailing slash, so `/x` and `/x/` are one path (swagger registers both).
      if (first !== route && first?.path.replace(/\/$/, '') !== route.path.replace(/\/$/, '')) captured.push(`${method.toUpperCase()} ${route.path} is answered by ${first ? first.path : 'nothing'}`);
    }
  }
  return captured;
}

describe('route order: no literal path segment is captured by a parameter route', () => {
  it('finds a literal route registered after a parameter route that matches it', () => {
    const app = express();
    const ok = (_request: express.Request, response: express.Response) => void response.end();
    app.get('/items/:itemId', ok);
    app.get('/items/hasPermissionList', ok);
    app.get('/things/hasPermissionList', ok);
    app.get('/things/:thingId', ok);
    app.post('/items/hasPermissionList', ok);
    app.put('/nested/:a/:b', ok);
    app.put('/nested/:c/details', ok);
    app.get('/slash', ok);
    app.get('/slash/', ok);
    expect(capturedRoutes(routesOf(app))).toEqual(['GET /items/hasPermissionList is answered by /items/:itemId', 'PUT /nested/:c/details is answered by /nested/:a/:b']);
  });

  describe.each<[string, AppDefinition]>([
    ['process', processApp],
    ['ticket', ticketApp],
    ['environment', environmentApp],
    ['notify', notifyApp],
    ['log', logApp],
    ['quality', qualityApp],
    ['openapi', openapiApp],
  ])('the %s app', (_name, definition) => {
    const env = new TestEnvironment();
    let routes: RegisteredRoute[];

    beforeAll(async () => {
      const { app } = await env.start(definition);
      routes = routesOf(app.getHttpAdapter().getInstance());
    });

    afterAll(() => env.close());

    it('dispatches a request for each of its routes to that route', () => {
      expect(routes.length).toBeGreaterThan(2);
      expect(routes.map((route) => route.path)).toContain('/api/health');
      expect(capturedRoutes(routes)).toEqual([]);
    });
  });
});
