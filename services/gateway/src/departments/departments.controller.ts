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

@ApiTags('departments')
@Controller('api/v1/departments')
export class DepartmentsController {
  constructor(@Inject(BusClient) private readonly bus: BusClient) {}

  @Post()
  @HttpCode(201)
  @RequirePermission(orgRpc.createDepartment)
  @Endpoint({
    summary: 'Create a department',
    status: 201,
    body: orgRpc.createDepartment.input,
    response: orgRpc.createDepartment.output,
  })
  create(
    @Ctx() ctx: RequestContext,
    @Body() body: unknown,
  ): Promise<RpcOutput<typeof orgRpc.createDepartment>> {
    return this.bus.request(orgRpc.createDepartment, ctx, asInput(orgRpc.createDepartment, body));
  }

  @Get()
  @RequirePermission(orgRpc.listDepartments)
  @Endpoint({
    summary: 'The departments the caller may see, paginated',
    status: 200,
    query: orgRpc.listDepartments.input,
    response: orgRpc.listDepartments.output,
  })
  list(
    @Ctx() ctx: RequestContext,
    @Query() query: unknown,
  ): Promise<RpcOutput<typeof orgRpc.listDepartments>> {
    return this.bus.request(orgRpc.listDepartments, ctx, asInput(orgRpc.listDepartments, query));
  }

  @Get('tree')
  @RequirePermission(orgRpc.departmentTree)
  @Endpoint({ summary: 'The visible department tree', status: 200 })
  tree(@Ctx() ctx: RequestContext): Promise<RpcOutput<typeof orgRpc.departmentTree>> {
    return this.bus.request(orgRpc.departmentTree, ctx, {});
  }

  @Get(':id')
  @RequirePermission(orgRpc.getDepartment)
  @Endpoint({
    summary: 'One department',
    status: 200,
    response: orgRpc.getDepartment.output,
  })
  get(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
  ): Promise<RpcOutput<typeof orgRpc.getDepartment>> {
    return this.bus.request(orgRpc.getDepartment, ctx, { id });
  }

  @Patch(':id')
  @RequirePermission(orgRpc.updateDepartment)
  @Endpoint({
    summary: 'Rename, move (parentId), change heads or hide a department',
    status: 200,
    body: orgRpc.updateDepartment.input.omit({ id: true }),
    response: orgRpc.updateDepartment.output,
  })
  update(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
    @Body() body: unknown,
  ): Promise<RpcOutput<typeof orgRpc.updateDepartment>> {
    return this.bus.request(
      orgRpc.updateDepartment,
      ctx,
      asInput(orgRpc.updateDepartment, { ...objectBody(body), id }),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(orgRpc.deleteDepartment)
  @Endpoint({ summary: 'Delete an empty department', status: 204 })
  async remove(@Ctx() ctx: RequestContext, @IdParam() id: string): Promise<void> {
    await this.bus.request(orgRpc.deleteDepartment, ctx, { id });
  }
}
