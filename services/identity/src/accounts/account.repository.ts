import { Injectable } from '@nestjs/common';
import { TenantTx } from '@rivet/database';
import { EntityManager } from 'typeorm';
import { AccountEntity, AccountStatus } from './account.entity';

export type NewAccount = Pick<AccountEntity, 'id' | 'memberId' | 'email' | 'name'>;

@Injectable()
export class AccountRepository {
  async insert(tx: TenantTx, account: NewAccount): Promise<void> {
    await tx.manager
      .getRepository(AccountEntity)
      .insert({ ...account, tenantId: tx.tenantId, status: 'active' });
  }

  /** Inserts unless an account with that id or that email exists; says whether it did. */
  async insertIfAbsent(tx: TenantTx, account: NewAccount): Promise<boolean> {
    const result = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(AccountEntity)
      .values({ ...account, tenantId: tx.tenantId, status: 'active' })
      .orIgnore()
      .returning(['id'])
      .execute();

    return result.raw.length === 1;
  }

  findById(tx: TenantTx, id: string): Promise<AccountEntity | null> {
    return tx.manager.getRepository(AccountEntity).findOneBy({ tenantId: tx.tenantId, id });
  }

  findByEmail(tx: TenantTx, email: string): Promise<AccountEntity | null> {
    return tx.manager.getRepository(AccountEntity).findOneBy({ tenantId: tx.tenantId, email });
  }

  /** Every tenant's accounts with that email; `manager` must be an across-tenants transaction. */
  findByEmailInAnyTenant(manager: EntityManager, email: string): Promise<AccountEntity[]> {
    return manager.getRepository(AccountEntity).find({ where: { email }, take: 10 });
  }

  async update(
    tx: TenantTx,
    id: string,
    changes: Partial<Pick<AccountEntity, 'email' | 'name' | 'memberId'>> & {
      status?: AccountStatus;
    },
  ): Promise<void> {
    await tx.manager.getRepository(AccountEntity).update({ tenantId: tx.tenantId, id }, changes);
  }
}
