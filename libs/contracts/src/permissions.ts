import { z } from 'zod';

/** Every permission an administrator can hold, as `<area>.<verb>`. */
export const PERMISSIONS = [
  'org.read',
  'org.manage',
  'approval.manage',
  'dlp.manage',
  'audit.read',
  'audit.export',
  'integration.manage',
  'security.manage',
  'admins.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
export const permissionSchema = z.enum(PERMISSIONS);

export const adminScopeSchema = z.object({
  type: z.enum(['all', 'departments', 'own_department']),
  departmentIds: z.array(z.string().uuid()).default([]),
  includeDescendants: z.boolean().default(true),
});
export type AdminScope = z.infer<typeof adminScopeSchema>;

export const adminRoleSchema = z.enum(['super_admin', 'sub_admin']);
export type AdminRole = z.infer<typeof adminRoleSchema>;

/** One administrator grant as the policy library holds it. */
export const grantSchema = z.object({
  tenantId: z.string().uuid(),
  userId: z.string().uuid(),
  role: adminRoleSchema,
  permissions: z.array(permissionSchema),
  scope: adminScopeSchema,
});
export type Grant = z.infer<typeof grantSchema>;
