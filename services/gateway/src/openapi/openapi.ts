import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { serveSwaggerUi } from './swagger-ui';

export const OPENAPI_DOCUMENT_URL = '/docs/openapi.json';

/** Serves the OpenAPI document at `/docs/openapi.json` (and YAML) and Swagger UI at `/docs`. */
export function setupOpenApi(app: INestApplication, fastify: FastifyInstance): void {
  const config = new DocumentBuilder()
    .setTitle('Rivet API')
    .setDescription(
      'The HTTP API of Rivet. Errors are application/problem+json documents with a stable `code`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);

  SwaggerModule.setup('docs', app, document, {
    ui: false,
    jsonDocumentUrl: OPENAPI_DOCUMENT_URL,
    yamlDocumentUrl: '/docs/openapi.yaml',
  });
  serveSwaggerUi(fastify, OPENAPI_DOCUMENT_URL);
}
