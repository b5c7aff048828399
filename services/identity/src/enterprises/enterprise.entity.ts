import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An enterprise: the tenant itself, so it carries no tenant_id and no row-level security. */
@Entity({ name: 'enterprises' })
export class EnterpriseEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: 'free' })
  edition!: 'free' | 'professional' | 'enterprise';

  @Column({ type: 'text' })
  region!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
