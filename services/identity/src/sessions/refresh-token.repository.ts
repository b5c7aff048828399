import { Injectable } from '@nestjs/common';
import { TenantTx } from '@rivet/database';
import { EntityManager, IsNull } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity';

export type NewRefreshToken = Pick<
  RefreshTokenEntity,
  'id' | 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'
>;

@Injectable()
export class RefreshTokenRepository {
  async insert(tx: TenantTx, token: NewRefreshToken): Promise<void> {
    await tx.manager
      .getRepository(RefreshTokenEntity)
      .insert({ ...token, tenantId: tx.tenantId, usedAt: null, revokedAt: null });
  }

  /**
   * The tenant a token belongs to, looked up before its tenant is known;
   * `manager` must be an across-tenants transaction.
   */
  async tenantOf(manager: EntityManager, tokenHash: string): Promise<string | null> {
    const row = await manager
      .getRepository(RefreshTokenEntity)
      .findOne({ where: { tokenHash }, select: { id: true, tenantId: true } });

    return row?.tenantId ?? null;
  }

  /** The token, locked for the rest of the transaction so two refreshes cannot both rotate it. */
  findForUpdate(tx: TenantTx, tokenHash: string): Promise<RefreshTokenEntity | null> {
    return tx.manager
      .getRepository(RefreshTokenEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.tenant_id = :tenantId AND t.token_hash = :tokenHash', {
        tenantId: tx.tenantId,
        tokenHash,
      })
      .getOne();
  }

  findByHash(tx: TenantTx, tokenHash: string): Promise<RefreshTokenEntity | null> {
    return tx.manager
      .getRepository(RefreshTokenEntity)
      .findOneBy({ tenantId: tx.tenantId, tokenHash });
  }

  async markUsed(tx: TenantTx, id: string, at: Date): Promise<void> {
    await tx.manager
      .getRepository(RefreshTokenEntity)
      .update({ tenantId: tx.tenantId, id }, { usedAt: at });
  }

  /** Revokes every live token of a family; says whether any was live. */
  async revokeFamily(tx: TenantTx, familyId: string, at: Date): Promise<boolean> {
    const result = await tx.manager
      .getRepository(RefreshTokenEntity)
      .update({ tenantId: tx.tenantId, familyId, revokedAt: IsNull() }, { revokedAt: at });

    return (result.affected ?? 0) > 0;
  }

  /** Revokes every live token of a user; returns the families that had one. */
  async revokeAllOfUser(tx: TenantTx, userId: string, at: Date): Promise<string[]> {
    const rows = (await tx.manager.query(
      `UPDATE refresh_tokens SET revoked_at = $3
        WHERE tenant_id = $1 AND user_id = $2 AND revoked_at IS NULL
        RETURNING family_id`,
      [tx.tenantId, userId, at],
    )) as [{ family_id: string }[], number];

    return [...new Set(rows[0].map((r) => r.family_id))];
  }

  /** Whether a family belongs to a user (and so may be ended by them). */
  async familyOwnedBy(tx: TenantTx, familyId: string, userId: string): Promise<boolean> {
    const count = await tx.manager
      .getRepository(RefreshTokenEntity)
      .countBy({ tenantId: tx.tenantId, familyId, userId });

    return count > 0;
  }
}
