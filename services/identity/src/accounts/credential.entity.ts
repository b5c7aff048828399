import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A password hash, kept apart from the account: a member created with a
 * password gets its credential before its account arrives by event.
 */
@Entity({ name: 'credentials' })
export class CredentialEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** argon2id, in its encoded form (parameters and salt included). */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
