import { z } from 'zod';
import { defineEvent } from './envelope';
import { passwordSchema } from './identity';
import { defineRpc, emptySchema, pageOf, pageQuerySchema } from './rpc';

const id = z.string().uuid();
const name = z.string().trim().min(1).max(200);
const externalId = z.string().trim().min(1).max(200);

export const departmentSchema = z.object({
  id,
  externalId: z.string().nullable(),
  name: z.string(),
  parentId: z.string().nullable(),
  /** Ids from the root down to this department, joined by `/`. */
  path: z.string(),
  type: z.enum(['standard', 'virtual']),
  headIds: z.array(z.string()),
  hidden: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Department = z.infer<typeof departmentSchema>;

export interface DepartmentNode extends Department {
  children: DepartmentNode[];
}
export const departmentNodeSchema: z.ZodType<DepartmentNode> = departmentSchema.extend({
  children: z.lazy(() => z.array(departmentNodeSchema)),
});

export const memberSchema = z.object({
  id,
  userId: id,
  externalId: z.string().nullable(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  departmentIds: z.array(z.string()),
  title: z.string().nullable(),
  managerId: z.string().nullable(),
  jobGrade: z.string().nullable(),
  hireDate: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Member = z.infer<typeof memberSchema>;

const memberFields = {
  name,
  email: z.string().trim().toLowerCase().email().max(254),
  phone: z.string().trim().max(40).nullable().optional(),
  departmentIds: z.array(id).max(50).optional(),
  title: z.string().trim().max(200).nullable().optional(),
  externalId: externalId.nullable().optional(),
  jobGrade: z.string().trim().max(50).nullable().optional(),
  managerId: id.nullable().optional(),
  hireDate: z.string().date().nullable().optional(),
};

const importColumn = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const importStatusSchema = z.object({
  id,
  kind: z.enum(['departments', 'members']),
  status: z.enum(['running', 'done', 'failed']),
  dryRun: z.boolean(),
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), code: z.string(), detail: z.string() })),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportStatus = z.infer<typeof importStatusSchema>;

/** Largest CSV accepted by one import, in characters. */
export const IMPORT_MAX_CSV_LENGTH = 64 * 1024 * 1024;

export const orgRpc = {
  createDepartment: defineRpc(
    'org.department.create',
    z.object({
      name,
      parentId: id.nullable().optional(),
      type: z.enum(['standard', 'virtual']).default('standard'),
      headIds: z.array(id).max(20).default([]),
      hidden: z.boolean().default(false),
      externalId: externalId.optional(),
    }),
    departmentSchema,
    { permission: 'org.manage' },
  ),
  getDepartment: defineRpc('org.department.get', z.object({ id }), departmentSchema, {
    permission: 'org.read',
  }),
  updateDepartment: defineRpc(
    'org.department.update',
    z.object({
      id,
      name: name.optional(),
      parentId: id.nullable().optional(),
      headIds: z.array(id).max(20).optional(),
      hidden: z.boolean().optional(),
    }),
    departmentSchema,
    { permission: 'org.manage' },
  ),
  deleteDepartment: defineRpc('org.department.delete', z.object({ id }), emptySchema, {
    permission: 'org.manage',
  }),
  listDepartments: defineRpc(
    'org.department.list',
    pageQuerySchema.extend({ parentId: id.optional(), externalId: externalId.optional() }),
    pageOf(departmentSchema),
    { permission: 'org.read' },
  ),
  departmentTree: defineRpc(
    'org.department.tree',
    emptySchema,
    z.object({ roots: z.array(departmentNodeSchema) }),
    { permission: 'org.read' },
  ),
  createMember: defineRpc(
    'org.member.create',
    z.object({ ...memberFields, password: passwordSchema.optional() }),
    memberSchema,
    { permission: 'org.manage' },
  ),
  getMember: defineRpc('org.member.get', z.object({ id }), memberSchema, {
    permission: 'org.read',
  }),
  updateMember: defineRpc(
    'org.member.update',
    z.object({
      id,
      name: name.optional(),
      email: memberFields.email.optional(),
      phone: memberFields.phone,
      departmentIds: memberFields.departmentIds,
      title: memberFields.title,
      externalId: memberFields.externalId,
      jobGrade: memberFields.jobGrade,
      managerId: memberFields.managerId,
      hireDate: memberFields.hireDate,
    }),
    memberSchema,
    { permission: 'org.manage' },
  ),
  deleteMember: defineRpc('org.member.delete', z.object({ id }), emptySchema, {
    permission: 'org.manage',
  }),
  listMembers: defineRpc(
    'org.member.list',
    pageQuerySchema.extend({
      departmentId: id.optional(),
      descendants: z
        .union([z.boolean(), z.enum(['true', 'false'])])
        .transform((v) => v === true || v === 'true')
        .default(false),
      q: z.string().trim().min(1).max(200).optional(),
      externalId: externalId.optional(),
    }),
    pageOf(memberSchema),
    { permission: 'org.read' },
  ),
  startImport: defineRpc(
    'org.import.start',
    z
      .object({
        kind: z.enum(['departments', 'members']),
        csv: z.string().min(1).max(IMPORT_MAX_CSV_LENGTH).optional(),
        /**
         * Instead of `csv`: where the gateway parked a file too large for one bus
         * message, in Redis under {@link uploadKey} (the HTTP API always takes `csv`).
         */
        csvRef: z.string().uuid().optional(),
        mapping: z.record(z.string(), importColumn).default({}),
        defaults: z
          .object({ emailDomain: z.string().trim().min(1).max(200).optional() })
          .default({}),
        dryRun: z.boolean().default(false),
      })
      .refine((v) => (v.csv === undefined) !== (v.csvRef === undefined), {
        message: 'required: the CSV text',
        path: ['csv'],
      }),
    z.object({ id }),
    { permission: 'org.manage' },
  ),
  getImport: defineRpc('org.import.get', z.object({ id }), importStatusSchema, {
    permission: 'org.read',
  }),
};

const departmentEventData = departmentSchema.omit({ createdAt: true, updatedAt: true });
const memberEventData = memberSchema.omit({ createdAt: true, updatedAt: true });

export const orgEvents = {
  departmentCreated: defineEvent('org.department.created', 1, departmentEventData),
  departmentUpdated: defineEvent(
    'org.department.updated',
    1,
    departmentEventData.extend({ changed: z.array(z.string()) }),
  ),
  departmentDeleted: defineEvent('org.department.deleted', 1, z.object({ id, name: z.string() })),
  memberCreated: defineEvent('org.member.created', 1, memberEventData),
  memberUpdated: defineEvent(
    'org.member.updated',
    1,
    memberEventData.extend({ changed: z.array(z.string()) }),
  ),
  memberDeleted: defineEvent(
    'org.member.deleted',
    1,
    z.object({ id, userId: id, name: z.string(), email: z.string() }),
  ),
  importFinished: defineEvent(
    'org.import.finished',
    1,
    importStatusSchema.pick({
      id: true,
      kind: true,
      status: true,
      total: true,
      done: true,
      failed: true,
      created: true,
      updated: true,
      unchanged: true,
    }),
  ),
};
