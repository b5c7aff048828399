import { applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiDefaultResponse,
  ApiOperation,
  ApiQuery,
  ApiResponse,
} from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';

export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', example: 'about:blank' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', example: 'validation_failed' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

export interface EndpointOptions {
  summary: string;
  /** The success status. */
  status: number;
  /** The JSON body the route takes. */
  body?: z.ZodTypeAny;
  /** The query string the route takes (an object schema; each property is a parameter). */
  query?: z.ZodTypeAny;
  /** What the route answers on success; none for an empty answer. */
  response?: z.ZodTypeAny;
  /** A route reachable without a token. */
  public?: boolean;
}

/** The OpenAPI description of a route, generated from the catalogue's zod schemas. */
export function Endpoint(options: EndpointOptions): MethodDecorator {
  const decorators = [
    ApiOperation({ summary: options.summary }),
    ApiResponse({
      status: options.status,
      description: 'Success',
      ...(options.response ? { schema: jsonSchemaOf(options.response) } : {}),
    }),
    ApiDefaultResponse({
      description: 'An RFC 9457 problem',
      content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } },
    }),
  ];

  if (options.body) {
    decorators.push(ApiBody({ schema: jsonSchemaOf(options.body) }));
  }
  if (options.query) {
    const schema = jsonSchemaOf(options.query);
    const required = new Set(schema.required ?? []);

    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      decorators.push(
        ApiQuery({ name, required: required.has(name), schema: property as SchemaObject }),
      );
    }
  }
  if (!options.public) {
    decorators.push(ApiBearerAuth());
  }

  return applyDecorators(...decorators);
}

/** The JSON schema (OpenAPI 3 flavour) of what a zod schema accepts. */
export function jsonSchemaOf(schema: z.ZodTypeAny): SchemaObject {
  const json = zodToJsonSchema(schema, { target: 'openApi3', $refStrategy: 'none' });

  return json as SchemaObject;
}
