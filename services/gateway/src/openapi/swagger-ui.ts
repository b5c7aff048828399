import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/**
 * Serves Swagger UI at `/docs` from the swagger-ui-dist files that
 * @nestjs/swagger ships with. Served here rather than by SwaggerModule's UI
 * because that one needs @fastify/static, whose ESM-only dependencies Jest
 * cannot load, and the gateway must boot inside integration tests.
 */
export function serveSwaggerUi(fastify: FastifyInstance, documentUrl: string): void {
  const root = dirname(
    require.resolve('swagger-ui-dist/package.json', {
      paths: [dirname(require.resolve('@nestjs/swagger'))],
    }),
  );
  const page = swaggerPage(documentUrl);

  fastify.get('/docs', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(page),
  );
  fastify.get<{ Params: { asset: string } }>('/docs/:asset', async (request, reply) => {
    const type = ASSETS[request.params.asset];

    if (!type) {
      return reply.callNotFound();
    }
    const body = await readFile(join(root, request.params.asset));

    return reply.type(type).header('cache-control', 'public, max-age=3600').send(body);
  });
}

function swaggerPage(documentUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Rivet API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      url: ${JSON.stringify(documentUrl)},
      dom_id: '#swagger-ui',
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: 'StandaloneLayout',
      persistAuthorization: true,
    });
  </script>
</body>
</html>
`;
}
