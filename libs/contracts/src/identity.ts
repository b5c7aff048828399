import { z } from 'zod';
import { defineEvent } from './envelope';
import { adminRoleSchema, adminScopeSchema, grantSchema, permissionSchema } from './permissions';
import { defineRpc, emptySchema } from './rpc';

const email = z.string().trim().toLowerCase().email().max(254);

/** Length limits only: a passphrase policy is the enterprise's choice, not ours. */
export const passwordSchema = z.string().min(8).max(256);
const editionSchema = z.enum(['free', 'professional', 'enterprise']);

export const enterpriseSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  edition: editionSchema,
  region: z.string(),
});

export const tokensSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int(),
  tokenType: z.literal('Bearer'),
});

/** A public signing key as published in the JWKS. */
export const jwkSchema = z.object({ kid: z.string(), kty: z.string() }).passthrough();

export const identityRpc = {
  createEnterprise: defineRpc(
    'identity.enterprise.create',
    z.object({
      name: z.string().trim().min(1).max(200),
      region: z.string().trim().min(1).max(32).default('hk'),
      creator: z.object({
        name: z.string().trim().min(1).max(200),
        email,
        password: passwordSchema,
        phone: z.string().trim().max(40).optional(),
      }),
    }),
    z.object({
      enterprise: enterpriseSchema,
      creator: z.object({
        userId: z.string().uuid(),
        memberId: z.string().uuid(),
        email: z.string(),
      }),
    }),
  ),
  login: defineRpc(
    'identity.auth.login',
    z.object({
      email,
      password: z.string().min(1).max(256),
      enterpriseId: z.string().uuid().optional(),
    }),
    tokensSchema,
  ),
  refresh: defineRpc(
    'identity.auth.refresh',
    z.object({ refreshToken: z.string().min(1).max(200) }),
    tokensSchema,
  ),
  /** Ends a session: the refresh family of `refreshToken`, or the caller's `sessionId`. */
  logout: defineRpc(
    'identity.auth.logout',
    z.object({
      refreshToken: z.string().min(1).max(200).optional(),
      sessionId: z.string().uuid().optional(),
    }),
    emptySchema,
  ),
  me: defineRpc(
    'identity.me.get',
    emptySchema,
    z.object({
      user: z.object({
        id: z.string(),
        memberId: z.string().nullable(),
        email: z.string(),
        name: z.string(),
      }),
      enterprise: enterpriseSchema,
      admin: z
        .object({
          role: adminRoleSchema,
          permissions: z.array(permissionSchema),
          scope: adminScopeSchema,
        })
        .nullable(),
    }),
  ),
  /** The public keys access tokens are signed with (current and retiring). */
  keys: defineRpc('identity.keys.list', emptySchema, z.object({ keys: z.array(jwkSchema) })),
  /** Sets a password for an account (which may not exist yet: a member created with one). */
  setCredential: defineRpc(
    'identity.credential.set',
    z.object({ userId: z.string().uuid(), password: passwordSchema }),
    emptySchema,
  ),
  /** One user's grant in the caller's tenant (the policy projection asks when it has none yet). */
  grant: defineRpc(
    'identity.grant.get',
    z.object({ userId: z.string().uuid() }),
    z.object({ grant: grantSchema.nullable() }),
  ),
  /** Every administrator grant of every tenant: the policy library's start-up snapshot. */
  grants: defineRpc('identity.grant.list', emptySchema, z.object({ grants: z.array(grantSchema) })),
};

const creatorSchema = z.object({
  userId: z.string().uuid(),
  memberId: z.string().uuid(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
});

export const identityEvents = {
  enterpriseCreated: defineEvent(
    'identity.enterprise.created',
    1,
    z.object({
      name: z.string(),
      region: z.string(),
      edition: editionSchema,
      creator: creatorSchema,
    }),
  ),
  accountCreated: defineEvent(
    'identity.account.created',
    1,
    z.object({
      userId: z.string().uuid(),
      memberId: z.string().uuid().nullable(),
      email: z.string(),
    }),
  ),
  accountUpdated: defineEvent(
    'identity.account.updated',
    1,
    z.object({
      userId: z.string().uuid(),
      email: z.string(),
      status: z.enum(['active', 'disabled']),
    }),
  ),
  credentialSet: defineEvent('identity.credential.set', 1, z.object({ userId: z.string().uuid() })),
  loginSucceeded: defineEvent(
    'identity.login.succeeded',
    1,
    z.object({ userId: z.string().uuid(), email: z.string() }),
  ),
  /** A failed sign-in. The tenant is the enterprise the email was tried against. */
  loginFailed: defineEvent(
    'identity.login.failed',
    1,
    z.object({
      email: z.string(),
      reason: z.enum(['bad_password', 'unknown_account', 'disabled']),
    }),
  ),
  /**
   * A session ended (logout, reuse detected, account disabled); `until` is
   * when its last access token expires.
   */
  sessionEnded: defineEvent(
    'identity.session.ended',
    1,
    z.object({
      userId: z.string().uuid(),
      sessionId: z.string().uuid(),
      until: z.string().datetime(),
      reason: z.enum(['logout', 'reuse_detected', 'account_disabled']),
    }),
  ),
  refreshReused: defineEvent(
    'identity.session.reuse-detected',
    1,
    z.object({ userId: z.string().uuid(), familyId: z.string().uuid() }),
  ),
  adminGranted: defineEvent('identity.admin.granted', 1, grantSchema),
  adminRevoked: defineEvent(
    'identity.admin.revoked',
    1,
    z.object({ tenantId: z.string().uuid(), userId: z.string().uuid() }),
  ),
};
