import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { TOKEN_ALGORITHM } from '@rivet/auth';
import { RivetError } from '@rivet/contracts';
import { CONFIG, LOGGER } from '@rivet/platform';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, JWK } from 'jose';
import type { Logger } from 'pino';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { IdentityConfig } from '../config';
import { SigningKeyEntity } from './signing-key.entity';
import { TokenIssuer } from './token-issuer';

/**
 * The signing keys, loaded once at start-up. The first replica to start on an
 * empty database creates the key under an advisory lock, so replicas starting
 * together agree on one key.
 */
@Injectable()
export class SigningKeyStore implements OnModuleInit {
  private issuer: TokenIssuer | null = null;
  private publicKeys: JWK[] = [];

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: IdentityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const keys = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext(current_schema() || $1))', [
        ':signing-key',
      ]);
      await this.ensureActiveKey(manager);

      // TODO(identity): no key rotation yet; retired keys would stay published
      // until their last token expires.
      return manager.getRepository(SigningKeyEntity).find({
        where: { retiredAt: IsNull() },
        order: { createdAt: 'DESC' },
      });
    });
    const active = keys[0];

    this.issuer = new TokenIssuer(
      { kid: active.kid, privateKey: await importJWK(active.privateJwk, TOKEN_ALGORITHM) },
      this.config.ACCESS_TOKEN_TTL_SECONDS,
    );
    this.publicKeys = keys.map((k) => ({
      ...k.publicJwk,
      kid: k.kid,
      alg: k.algorithm,
      use: 'sig',
    }));
    this.logger.info({ kid: active.kid, published: keys.length }, 'signing keys loaded');
  }

  /** Signs with the newest active key. */
  get tokenIssuer(): TokenIssuer {
    if (!this.issuer) {
      throw new RivetError('unavailable', 'signing keys are not loaded yet');
    }

    return this.issuer;
  }

  /** The public keys, as JWKs, for verifiers. */
  get jwks(): JWK[] {
    return this.publicKeys;
  }

  private async ensureActiveKey(manager: EntityManager): Promise<void> {
    const repository = manager.getRepository(SigningKeyEntity);

    if ((await repository.count({ where: { retiredAt: IsNull() } })) > 0) {
      return;
    }
    const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALGORITHM, {
      crv: 'Ed25519',
      extractable: true,
    });
    const kid = randomUUID();

    await repository.insert({
      kid,
      algorithm: TOKEN_ALGORITHM,
      publicJwk: await exportJWK(publicKey),
      privateJwk: await exportJWK(privateKey),
      retiredAt: null,
    });
    this.logger.info({ kid }, 'signing key created');
  }
}
