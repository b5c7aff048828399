import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@rivet/bus';
import {
  Department,
  DepartmentNode,
  orgEvents,
  orgRpc,
  RequestContext,
  RivetError,
  RpcParsedInput,
} from '@rivet/contracts';
import { decodeCursor, pageFrom, TenantTx } from '@rivet/database';
import { MemberRepository } from '../members/member.repository';
import {
  departmentEventData,
  DepartmentRepository,
  DepartmentRow,
  toDepartment,
} from './department.repository';

type CreateInput = RpcParsedInput<typeof orgRpc.createDepartment>;
type UpdateInput = RpcParsedInput<typeof orgRpc.updateDepartment>;
type ListInput = RpcParsedInput<typeof orgRpc.listDepartments>;

@Injectable()
export class DepartmentService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly departments: DepartmentRepository,
    private readonly members: MemberRepository,
  ) {}

  async create(tenantId: string, ctx: RequestContext, input: CreateInput): Promise<Department> {
    return this.uow.run(tenantId, async (tx) => {
      const parent = input.parentId ? await this.departments.findById(tx, input.parentId) : null;

      if (input.parentId && !parent) {
        throw RivetError.notFound('parent department');
      }
      const headIds = [...new Set(input.headIds)];

      await this.requireMembers(tx, headIds);
      const id = randomUUID();
      const row = await this.departments.insert(tx, {
        id,
        externalId: input.externalId ?? null,
        name: input.name,
        parentId: parent?.id ?? null,
        path: `${parent?.path ?? ''}/${id}`,
        type: input.type,
        headIds,
        hidden: input.hidden,
      });
      const department = toDepartment(row);

      tx.events.emit(orgEvents.departmentCreated, {
        tenantId,
        actor: ctx.actor,
        subject: { type: 'department', id, name: department.name },
        data: departmentEventData(department),
      });

      return department;
    });
  }

  async get(tenantId: string, id: string): Promise<Department> {
    return this.uow.run(tenantId, async (tx) => {
      const row = await this.departments.findById(tx, id);

      if (!row) {
        throw RivetError.notFound('department');
      }

      return toDepartment(row);
    });
  }

  async update(tenantId: string, ctx: RequestContext, input: UpdateInput): Promise<Department> {
    return this.uow.run(tenantId, async (tx) => {
      const current = await this.departments.findById(tx, input.id, true);

      if (!current) {
        throw RivetError.notFound('department');
      }
      const changed: string[] = [];
      const changes: Parameters<DepartmentRepository['update']>[2] = {};

      if (input.name !== undefined && input.name !== current.name) {
        changes.name = input.name;
        changed.push('name');
      }
      if (input.hidden !== undefined && input.hidden !== current.hidden) {
        changes.hidden = input.hidden;
        changed.push('hidden');
      }
      if (input.headIds !== undefined) {
        const headIds = [...new Set(input.headIds)];

        await this.requireMembers(tx, headIds);
        if (headIds.join() !== current.headIds.join()) {
          changes.headIds = headIds;
          changed.push('headIds');
        }
      }
      if (input.parentId !== undefined && input.parentId !== current.parentId) {
        const newPath = await this.pathUnder(tx, current, input.parentId);

        changes.parentId = input.parentId;
        changed.push('parentId', 'path');
        await this.departments.movePaths(tx, current.path, newPath);
      }
      if (changed.length === 0) {
        return toDepartment(current);
      }
      const department = toDepartment(await this.departments.update(tx, input.id, changes));

      // TODO(org): the descendants of a moved department get new paths too; only the moved
      // department's event says so (consumers rebuild subtrees from parentId).
      tx.events.emit(orgEvents.departmentUpdated, {
        tenantId,
        actor: ctx.actor,
        subject: { type: 'department', id: department.id, name: department.name },
        data: { ...departmentEventData(department), changed },
      });

      return department;
    });
  }

  async delete(tenantId: string, ctx: RequestContext, id: string): Promise<void> {
    await this.uow.run(tenantId, async (tx) => {
      const current = await this.departments.findById(tx, id, true);

      if (!current) {
        throw RivetError.notFound('department');
      }
      if (await this.departments.hasChildren(tx, id)) {
        throw new RivetError('conflict', 'the department still has child departments');
      }
      if (await this.departments.hasMembers(tx, id)) {
        throw new RivetError('conflict', 'the department still has members');
      }
      await this.departments.delete(tx, id);
      tx.events.emit(orgEvents.departmentDeleted, {
        tenantId,
        actor: ctx.actor,
        subject: { type: 'department', id, name: current.name },
        data: { id, name: current.name },
      });
    });
  }

  async list(
    tenantId: string,
    input: ListInput,
  ): Promise<{ items: Department[]; nextCursor: string | null }> {
    const after = decodeCursor(input.cursor);

    if (input.cursor && (!after || typeof after[0] !== 'string')) {
      throw new RivetError('validation_failed', 'cursor is not valid');
    }

    return this.uow.run(tenantId, async (tx) => {
      const rows = await this.departments.list(tx, {
        afterId: (after?.[0] as string | undefined) ?? null,
        limit: input.limit,
        parentId: input.parentId,
        externalId: input.externalId,
      });
      const page = pageFrom(rows, input.limit, (r) => [r.id]);

      return { items: page.items.map(toDepartment), nextCursor: page.nextCursor };
    });
  }

  async tree(tenantId: string): Promise<{ roots: DepartmentNode[] }> {
    return this.uow.run(tenantId, async (tx) => ({ roots: await this.departments.tree(tx) }));
  }

  /** The path `department` gets under `parentId`; refuses a parent inside its own subtree. */
  private async pathUnder(
    tx: TenantTx,
    department: DepartmentRow,
    parentId: string | null,
  ): Promise<string> {
    if (parentId === null) {
      return `/${department.id}`;
    }
    const parent = await this.departments.findById(tx, parentId);

    if (!parent) {
      throw RivetError.notFound('parent department');
    }
    if (parent.path === department.path || parent.path.startsWith(`${department.path}/`)) {
      throw new RivetError('conflict', 'a department cannot move under itself or a descendant');
    }

    return `${parent.path}/${department.id}`;
  }

  private async requireMembers(tx: TenantTx, ids: string[]): Promise<void> {
    const found = await this.members.existingIds(tx, ids);

    if (found.length !== ids.length) {
      throw RivetError.notFound('head member');
    }
  }
}
