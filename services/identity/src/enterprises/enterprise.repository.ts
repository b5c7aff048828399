import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EnterpriseEntity } from './enterprise.entity';

/** Enterprises are the tenants themselves: any transaction may read them by id. */
@Injectable()
export class EnterpriseRepository {
  async insert(
    manager: EntityManager,
    enterprise: Omit<EnterpriseEntity, 'createdAt'>,
  ): Promise<void> {
    await manager.getRepository(EnterpriseEntity).insert(enterprise);
  }

  findById(manager: EntityManager, id: string): Promise<EnterpriseEntity | null> {
    return manager.getRepository(EnterpriseEntity).findOneBy({ id });
  }
}
