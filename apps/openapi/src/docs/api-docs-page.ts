import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DomainError, errorEnvelope } from '@bkci/core';
import { Router } from 'express';
import { dirname, join } from 'node:path';
import { PublicApiDocument } from './public-api-document';

/** Where the document is served, without a token: it says what the API is, not what is in it. */
export const DOCUMENT_PATH = '/docs/openapi.json';

/** Swagger UI's files, from the swagger-ui-dist package (no CDN: the product must work offline). */
const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));
const SWAGGER_UI_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'];

/** Try-it-out calls go to this same gateway; a token given in Authorize is sent as `Authorization: Bearer …` and kept across reloads. */
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>bkci-ts API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      url: '${DOCUMENT_PATH}',
      dom_id: '#swagger-ui',
      deepLinking: true,
      persistAuthorization: true,
      filter: true,
    });
  </script>
</body>
</html>
`;

/**
 * The API documentation of the gateway: the page at `/docs` (Swagger UI) and the document at
 * DOCUMENT_PATH (PublicApiDocument). Mounted before authentication: neither needs a token, the
 * calls made from the page do.
 */
export function apiDocsRouter(app: INestApplication): Router {
  const documents = app.get(PublicApiDocument);
  const gatewayDocument = () => SwaggerModule.createDocument(app, new DocumentBuilder().build());
  const router = Router();
  router.get('/', (_request, response) => {
    response.type('html').send(PAGE);
  });
  router.get('/openapi.json', (_request, response, next) => {
    documents.current(gatewayDocument).then(
      (document) => response.json(document),
      (error: unknown) => {
        if (!(error instanceof DomainError)) return next(error);
        response.status(error.httpStatus).json(errorEnvelope(error.code, error.message));
      },
    );
  });
  for (const file of SWAGGER_UI_FILES) {
    router.get(`/${file}`, (_request, response) => response.sendFile(join(SWAGGER_UI_DIR, file)));
  }
  return router;
}
