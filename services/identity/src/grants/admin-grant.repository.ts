import { Injectable } from '@nestjs/common';
import { Grant } from '@rivet/contracts';
import { TenantTx } from '@rivet/database';
import { EntityManager } from 'typeorm';
import { AdminGrantEntity } from './admin-grant.entity';

@Injectable()
export class AdminGrantRepository {
  async insert(tx: TenantTx, grant: Omit<Grant, 'tenantId'>): Promise<void> {
    await tx.manager.getRepository(AdminGrantEntity).insert({ ...grant, tenantId: tx.tenantId });
  }

  async find(tx: TenantTx, userId: string): Promise<Grant | null> {
    const row = await tx.manager
      .getRepository(AdminGrantEntity)
      .findOneBy({ tenantId: tx.tenantId, userId });

    return row ? toGrant(row) : null;
  }

  /** Every tenant's grants; `manager` must be an across-tenants transaction. */
  async findAllTenants(manager: EntityManager): Promise<Grant[]> {
    const rows = await manager
      .getRepository(AdminGrantEntity)
      .find({ order: { tenantId: 'ASC', userId: 'ASC' } });

    return rows.map(toGrant);
  }
}

function toGrant(row: AdminGrantEntity): Grant {
  return {
    tenantId: row.tenantId,
    userId: row.userId,
    role: row.role,
    permissions: row.permissions,
    scope: row.scope,
  };
}
