import { Injectable } from '@nestjs/common';
import { TenantTx } from '@rivet/database';
import { CredentialEntity } from './credential.entity';

@Injectable()
export class CredentialRepository {
  /** Creates or replaces the user's password hash. */
  async upsert(tx: TenantTx, userId: string, passwordHash: string): Promise<void> {
    await tx.manager.query(
      `INSERT INTO credentials (user_id, tenant_id, password_hash, updated_at)
       VALUES ($1, $2, $3, now())
       ON CONFLICT (user_id) DO UPDATE
         SET password_hash = EXCLUDED.password_hash, updated_at = now()
         WHERE credentials.tenant_id = EXCLUDED.tenant_id`,
      [userId, tx.tenantId, passwordHash],
    );
  }

  async hashOf(tx: TenantTx, userId: string): Promise<string | null> {
    const credential = await tx.manager
      .getRepository(CredentialEntity)
      .findOneBy({ tenantId: tx.tenantId, userId });

    return credential?.passwordHash ?? null;
  }
}
