import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@rivet/auth';
import { BusClient } from '@rivet/bus';
import { orgRpc, RequestContext, RpcOutput } from '@rivet/contracts';
import { Ctx, IdParam } from '../http/request.decorators';
import { asInput, objectBody } from '../http/untrusted-input';
import { Endpoint } from '../openapi/endpoint.decorator';

@ApiTags('members')
@Controller('api/v1/members')
export class MembersController {
  constructor(@Inject(BusClient) private readonly bus: BusClient) {}

  @Post()
  @HttpCode(201)
  @RequirePermission(orgRpc.createMember)
  @Endpoint({
    summary: 'Create a member (and the account it signs in with)',
    status: 201,
    body: orgRpc.createMember.input,
    response: orgRpc.createMember.output,
  })
  create(
    @Ctx() ctx: RequestContext,
    @Body() body: unknown,
  ): Promise<RpcOutput<typeof orgRpc.createMember>> {
    return this.bus.request(orgRpc.createMember, ctx, asInput(orgRpc.createMember, body));
  }

  @Get()
  @RequirePermission(orgRpc.listMembers)
  @Endpoint({
    summary: 'Members, by department (with descendants), text or external id; paginated',
    status: 200,
    query: orgRpc.listMembers.input,
    response: orgRpc.listMembers.output,
  })
  list(
    @Ctx() ctx: RequestContext,
    @Query() query: unknown,
  ): Promise<RpcOutput<typeof orgRpc.listMembers>> {
    return this.bus.request(orgRpc.listMembers, ctx, asInput(orgRpc.listMembers, query));
  }

  @Get(':id')
  @RequirePermission(orgRpc.getMember)
  @Endpoint({ summary: 'One member', status: 200, response: orgRpc.getMember.output })
  get(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
  ): Promise<RpcOutput<typeof orgRpc.getMember>> {
    return this.bus.request(orgRpc.getMember, ctx, { id });
  }

  @Patch(':id')
  @RequirePermission(orgRpc.updateMember)
  @Endpoint({
    summary: 'Change a member',
    status: 200,
    body: orgRpc.updateMember.input.omit({ id: true }),
    response: orgRpc.updateMember.output,
  })
  update(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
    @Body() body: unknown,
  ): Promise<RpcOutput<typeof orgRpc.updateMember>> {
    return this.bus.request(
      orgRpc.updateMember,
      ctx,
      asInput(orgRpc.updateMember, { ...objectBody(body), id }),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(orgRpc.deleteMember)
  @Endpoint({ summary: 'Delete a member', status: 204 })
  async remove(@Ctx() ctx: RequestContext, @IdParam() id: string): Promise<void> {
    await this.bus.request(orgRpc.deleteMember, ctx, { id });
  }
}
