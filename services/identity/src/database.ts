import { OutboxEventEntity, ProcessedEventEntity } from '@rivet/bus';
import { ServiceDatabase } from '@rivet/database';
import { AccountEntity } from './accounts/account.entity';
import { CredentialEntity } from './accounts/credential.entity';
import { EnterpriseEntity } from './enterprises/enterprise.entity';
import { AdminGrantEntity } from './grants/admin-grant.entity';
import { SigningKeyEntity } from './keys/signing-key.entity';
import { Init1796316779229 } from './migrations/1796316779229-init';
import { RefreshTokenEntity } from './sessions/refresh-token.entity';

export const database: ServiceDatabase = {
  schema: 'identity',
  entities: [
    EnterpriseEntity,
    AccountEntity,
    CredentialEntity,
    AdminGrantEntity,
    RefreshTokenEntity,
    SigningKeyEntity,
    OutboxEventEntity,
    ProcessedEventEntity,
  ],
  migrations: [Init1796316779229],
};
