import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PolicyProjection } from '@rivet/auth';
import { BusClient, EventfulTx, UnitOfWork } from '@rivet/bus';
import {
  Grant,
  identityRpc,
  Member,
  orgEvents,
  orgRpc,
  RequestContext,
  RivetError,
  RpcParsedInput,
} from '@rivet/contracts';
import { decodeCursor, pageFrom } from '@rivet/database';
import {
  departmentEventData,
  DepartmentRepository,
  toDepartment,
} from '../departments/department.repository';
import { MemberFields, memberEventData, MemberRepository, toMember } from './member.repository';

type CreateInput = RpcParsedInput<typeof orgRpc.createMember>;
type UpdateInput = RpcParsedInput<typeof orgRpc.updateMember>;
type ListInput = RpcParsedInput<typeof orgRpc.listMembers>;

const PLAIN_FIELDS = [
  'name',
  'email',
  'phone',
  'title',
  'externalId',
  'jobGrade',
  'hireDate',
] as const;

@Injectable()
export class MemberService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly bus: BusClient,
    private readonly members: MemberRepository,
    private readonly departments: DepartmentRepository,
    private readonly projection: PolicyProjection,
  ) {}

  async create(tenantId: string, ctx: RequestContext, input: CreateInput): Promise<Member> {
    const id = randomUUID();
    const userId = randomUUID();

    // Checked before identity is asked to store a password for an account that would not exist.
    await this.uow.run(tenantId, (tx) => this.checkNew(tx, input));
    if (input.password) {
      // The password goes to identity by request only; the account itself arrives there
      // from the memberCreated event.
      await this.bus.request(identityRpc.setCredential, ctx, { userId, password: input.password });
    }

    return this.uow.run(tenantId, async (tx) => {
      await this.checkNew(tx, input);
      const departmentIds = [...new Set(input.departmentIds ?? [])];

      await this.members.insert(tx, {
        id,
        userId,
        externalId: input.externalId ?? null,
        name: input.name,
        email: input.email,
        phone: input.phone ?? null,
        title: input.title ?? null,
        managerId: input.managerId ?? null,
        jobGrade: input.jobGrade ?? null,
        hireDate: input.hireDate ?? null,
      });
      if (departmentIds.length > 0) {
        await this.members.setDepartments(tx, id, departmentIds);
      }
      const member = await this.load(tx, id);

      tx.events.emit(orgEvents.memberCreated, {
        tenantId,
        actor: ctx.actor,
        subject: { type: 'member', id, name: member.name },
        data: memberEventData(member),
      });

      return member;
    });
  }

  async get(tenantId: string, id: string): Promise<Member> {
    return this.uow.run(tenantId, (tx) => this.load(tx, id));
  }

  async update(tenantId: string, ctx: RequestContext, input: UpdateInput): Promise<Member> {
    return this.uow.run(tenantId, async (tx) => {
      const current = await this.members.findById(tx, input.id, true);

      if (!current) {
        throw RivetError.notFound('member');
      }
      const changes: Partial<MemberFields> = {};
      const changed: string[] = [];

      for (const field of PLAIN_FIELDS) {
        const value = input[field];

        if (value !== undefined && value !== current[field]) {
          Object.assign(changes, { [field]: value });
          changed.push(field);
        }
      }
      if (changes.email !== undefined) {
        const holder = await this.members.idByEmail(tx, changes.email);

        if (holder && holder !== input.id) {
          throw new RivetError('conflict', 'another member has this email');
        }
      }
      if (changes.externalId) {
        const holder = await this.members.idByExternalId(tx, changes.externalId);

        if (holder && holder !== input.id) {
          throw new RivetError('conflict', 'another member has this external id');
        }
      }
      if (input.managerId !== undefined && input.managerId !== current.managerId) {
        await this.checkManager(tx, input.id, input.managerId);
        changes.managerId = input.managerId;
        changed.push('managerId');
      }
      if (Object.keys(changes).length > 0) {
        await this.members.update(tx, input.id, changes);
      }
      if (input.departmentIds !== undefined) {
        const departmentIds = [...new Set(input.departmentIds)].sort();

        if (departmentIds.join() !== [...current.departmentIds].sort().join()) {
          await this.requireDepartments(tx, departmentIds);
          await this.members.setDepartments(tx, input.id, departmentIds);
          changed.push('departmentIds');
        }
      }
      const member = await this.load(tx, input.id);

      if (changed.length > 0) {
        tx.events.emit(orgEvents.memberUpdated, {
          tenantId,
          actor: ctx.actor,
          subject: { type: 'member', id: member.id, name: member.name },
          data: { ...memberEventData(member), changed },
        });
      }

      return member;
    });
  }

  async delete(tenantId: string, ctx: RequestContext, id: string): Promise<void> {
    const member = await this.uow.run(tenantId, (tx) => this.members.findById(tx, id));

    if (!member) {
      throw RivetError.notFound('member');
    }
    // Deleting an administrator's member would leave a grant nobody can sign in with; deleting
    // the only super admin's would lock the enterprise out.
    if (await this.grantOf(tenantId, ctx, member.userId)) {
      throw new RivetError('conflict', "revoke this member's administrator role first");
    }
    await this.uow.run(tenantId, async (tx) => {
      const current = await this.members.findById(tx, id, true);

      if (!current) {
        throw RivetError.notFound('member');
      }
      const reports = await this.members.releaseReports(tx, id);
      const headed = await this.departments.removeHead(tx, id);

      await this.members.delete(tx, id);
      for (const report of await this.members.findByIds(tx, reports)) {
        const member = toMember(report);

        tx.events.emit(orgEvents.memberUpdated, {
          tenantId,
          actor: ctx.actor,
          subject: { type: 'member', id: member.id, name: member.name },
          data: { ...memberEventData(member), changed: ['managerId'] },
        });
      }
      for (const row of headed) {
        const department = toDepartment(row);

        tx.events.emit(orgEvents.departmentUpdated, {
          tenantId,
          actor: ctx.actor,
          subject: { type: 'department', id: department.id, name: department.name },
          data: { ...departmentEventData(department), changed: ['headIds'] },
        });
      }
      tx.events.emit(orgEvents.memberDeleted, {
        tenantId,
        actor: ctx.actor,
        subject: { type: 'member', id, name: current.name },
        data: { id, userId: current.userId, name: current.name, email: current.email },
      });
    });
  }

  async list(
    tenantId: string,
    input: ListInput,
  ): Promise<{ items: Member[]; nextCursor: string | null }> {
    const after = decodeCursor(input.cursor);

    if (input.cursor && (!after || typeof after[0] !== 'string')) {
      throw new RivetError('validation_failed', 'cursor is not valid');
    }

    return this.uow.run(tenantId, async (tx) => {
      let departmentPath: { path: string; descendants: boolean } | undefined;

      if (input.departmentId && input.descendants) {
        const department = await this.departments.findById(tx, input.departmentId);

        if (!department) {
          throw RivetError.notFound('department');
        }
        departmentPath = { path: department.path, descendants: true };
      }
      const rows = await this.members.list(tx, {
        afterId: (after?.[0] as string | undefined) ?? null,
        limit: input.limit,
        departmentId: input.departmentId,
        departmentPath,
        q: input.q,
        externalId: input.externalId,
      });
      const page = pageFrom(rows, input.limit, (r) => [r.id]);

      return { items: page.items.map(toMember), nextCursor: page.nextCursor };
    });
  }

  /**
   * The user's administrator grant: from the policy projection, or, when it
   * knows none, from identity (the grant may be newer than the projection).
   * When identity cannot answer, nothing is known, and nothing is deleted.
   */
  private async grantOf(
    tenantId: string,
    ctx: RequestContext,
    userId: string,
  ): Promise<Grant | null> {
    const known = this.projection.policy.grantOf(tenantId, userId);

    if (known) {
      return known;
    }
    try {
      const { grant } = await this.bus.request(identityRpc.grant, ctx, { userId });

      return grant && grant.tenantId === tenantId ? grant : null;
    } catch (err) {
      throw new RivetError(
        'unavailable',
        `cannot tell whether the member is an administrator: ${(err as Error).message}`,
      );
    }
  }

  private async load(tx: EventfulTx, id: string): Promise<Member> {
    const row = await this.members.findById(tx, id);

    if (!row) {
      throw RivetError.notFound('member');
    }

    return toMember(row);
  }

  private async checkNew(tx: EventfulTx, input: CreateInput): Promise<void> {
    if (await this.members.idByEmail(tx, input.email)) {
      throw new RivetError('conflict', 'another member has this email');
    }
    if (input.externalId && (await this.members.idByExternalId(tx, input.externalId))) {
      throw new RivetError('conflict', 'another member has this external id');
    }
    if (input.managerId && (await this.members.existingIds(tx, [input.managerId])).length === 0) {
      throw RivetError.notFound('manager');
    }
    await this.requireDepartments(tx, [...new Set(input.departmentIds ?? [])]);
  }

  private async requireDepartments(tx: EventfulTx, ids: string[]): Promise<void> {
    if ((await this.departments.existingIds(tx, ids)).length !== ids.length) {
      throw RivetError.notFound('department');
    }
  }

  /** A member cannot manage itself, nor be managed by someone it manages. */
  private async checkManager(tx: EventfulTx, id: string, managerId: string | null): Promise<void> {
    if (managerId === null) {
      return;
    }
    if (managerId === id) {
      throw new RivetError('conflict', 'a member cannot be its own manager');
    }
    if ((await this.members.existingIds(tx, [managerId])).length === 0) {
      throw RivetError.notFound('manager');
    }
    if (await this.members.isInManagerChain(tx, managerId, id)) {
      throw new RivetError('conflict', 'the new manager reports to this member');
    }
  }
}
