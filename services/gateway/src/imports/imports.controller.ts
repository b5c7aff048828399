import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@rivet/auth';
import { BusClient } from '@rivet/bus';
import {
  orgRpc,
  RequestContext,
  RpcInput,
  RpcOutput,
  UPLOAD_TTL_SECONDS,
  uploadKey,
} from '@rivet/contracts';
import { REDIS } from '@rivet/platform';
import type { Redis } from 'ioredis';
import { Ctx, IdParam } from '../http/request.decorators';
import { objectBody } from '../http/untrusted-input';
import { Endpoint } from '../openapi/endpoint.decorator';

/** CSV larger than this, in characters, travels through Redis rather than in the bus message. */
const PARK_ABOVE_CHARS = 256 * 1024;

@ApiTags('imports')
@Controller('api/v1/imports')
export class ImportsController {
  constructor(
    @Inject(BusClient) private readonly bus: BusClient,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Post()
  @HttpCode(202)
  @RequirePermission(orgRpc.startImport)
  @Endpoint({
    summary: 'Start a CSV import of departments or members; runs in the background',
    status: 202,
    body: orgRpc.startImport.input,
    response: orgRpc.startImport.output,
  })
  async start(
    @Ctx() ctx: RequestContext,
    @Body() body: unknown,
  ): Promise<RpcOutput<typeof orgRpc.startImport>> {
    // `csvRef` is for the gateway's own parking; a client always sends `csv`.
    const { csvRef: _fromClient, ...input } = objectBody(body) as RpcInput<
      typeof orgRpc.startImport
    >;

    if (typeof input.csv === 'string' && input.csv.length > PARK_ABOVE_CHARS) {
      // A bus message carries at most NATS's max_payload (1 MiB by default): park
      // the file in Redis and send its key; org takes it from there exactly once.
      const csvRef = randomUUID();

      await this.redis.set(uploadKey(csvRef), input.csv, 'EX', UPLOAD_TTL_SECONDS);

      return this.bus.request(orgRpc.startImport, ctx, { ...input, csv: undefined, csvRef });
    }

    return this.bus.request(orgRpc.startImport, ctx, input);
  }

  @Get(':id')
  @RequirePermission(orgRpc.getImport)
  @Endpoint({
    summary: 'Progress and errors of an import',
    status: 200,
    response: orgRpc.getImport.output,
  })
  get(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
  ): Promise<RpcOutput<typeof orgRpc.getImport>> {
    return this.bus.request(orgRpc.getImport, ctx, { id });
  }
}
