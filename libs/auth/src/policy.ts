import { Grant, Permission, PERMISSIONS } from '@rivet/contracts';

/**
 * The in-memory projection that answers "may this user do that" without a
 * network round trip: administrator grants and ended sessions, loaded from a
 * snapshot at start-up and kept current from identity's events.
 */
export class Policy {
  private readonly grants = new Map<string, Grant>();
  private readonly endedSessions = new Map<string, number>();

  /** Replaces every grant with a snapshot. */
  load(grants: Grant[]): void {
    this.grants.clear();
    grants.forEach((g) => this.grants.set(key(g.tenantId, g.userId), g));
  }

  grant(grant: Grant): void {
    this.grants.set(key(grant.tenantId, grant.userId), grant);
  }

  revoke(tenantId: string, userId: string): void {
    this.grants.delete(key(tenantId, userId));
  }

  grantOf(tenantId: string, userId: string): Grant | null {
    return this.grants.get(key(tenantId, userId)) ?? null;
  }

  /** The permissions a user holds in a tenant; a super admin holds all. */
  permissionsOf(tenantId: string, userId: string): readonly Permission[] {
    const grant = this.grantOf(tenantId, userId);

    if (!grant) {
      return [];
    }

    return grant.role === 'super_admin' ? PERMISSIONS : grant.permissions;
  }

  can(tenantId: string, userId: string, permission: Permission): boolean {
    const grant = this.grantOf(tenantId, userId);

    if (!grant) {
      return false;
    }

    return grant.role === 'super_admin' || grant.permissions.includes(permission);
  }

  /** Marks a session ended until its last token would have expired (seconds since the epoch). */
  endSession(sessionId: string, until: number): void {
    this.endedSessions.set(sessionId, until);
    this.prune();
  }

  isSessionEnded(sessionId: string): boolean {
    return this.endedSessions.has(sessionId);
  }

  private prune(): void {
    const now = Math.floor(Date.now() / 1000);

    for (const [id, until] of this.endedSessions) {
      if (until < now) {
        this.endedSessions.delete(id);
      }
    }
  }
}

function key(tenantId: string, userId: string): string {
  return `${tenantId}:${userId}`;
}
