import { Inject, Injectable } from '@nestjs/common';
import { EventfulTx, UnitOfWork } from '@rivet/bus';
import {
  Actor,
  identityEvents,
  identityRpc,
  RivetError,
  RpcOutput,
  RpcParsedInput,
} from '@rivet/contracts';
import { acrossTenants, inTenant } from '@rivet/database';
import { CONFIG, LOGGER } from '@rivet/platform';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import { AccountRepository } from '../accounts/account.repository';
import { CredentialRepository } from '../accounts/credential.repository';
import { PasswordHasher } from '../accounts/password.hasher';
import { IdentityConfig } from '../config';
import { EnterpriseRepository } from '../enterprises/enterprise.repository';
import { SigningKeyStore } from '../keys/signing-key.store';
import { RefreshTokenRepository } from './refresh-token.repository';
import { decideRefresh, hashRefreshToken, newRefreshToken } from './refresh-token';

type Tokens = RpcOutput<typeof identityRpc.login>;
type LoginInput = RpcParsedInput<typeof identityRpc.login>;
type LogoutInput = RpcParsedInput<typeof identityRpc.logout>;

/** The same answer for every failed sign-in, so that it reveals nothing about the account. */
const BAD_CREDENTIALS = 'email or password is incorrect';

interface SignInTarget {
  tenantId: string | null;
  account: AccountEntity | null;
  passwordHash: string | null;
}

type RefreshOutcome =
  | { kind: 'rotated'; account: AccountEntity; familyId: string; refreshToken: string }
  | { kind: 'refused'; detail: string };

const NOBODY: SignInTarget = { tenantId: null, account: null, passwordHash: null };

/** Sign-in, refresh-token rotation and sign-out. */
@Injectable()
export class SessionService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(CONFIG) private readonly config: IdentityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(EnterpriseRepository) private readonly enterprises: EnterpriseRepository,
    @Inject(AccountRepository) private readonly accounts: AccountRepository,
    @Inject(CredentialRepository) private readonly credentials: CredentialRepository,
    @Inject(RefreshTokenRepository) private readonly refreshTokens: RefreshTokenRepository,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(SigningKeyStore) private readonly keys: SigningKeyStore,
  ) {}

  async login(input: LoginInput, ip: string | null): Promise<Tokens> {
    const target = await this.locate(input.email, input.enterpriseId, input.password);
    const { account, tenantId } = target;
    // Always one verify, whatever was found, so that timing tells nothing.
    const matches = await this.hasher.verify(account ? target.passwordHash : null, input.password);
    const reason = !account
      ? 'unknown_account'
      : account.status !== 'active'
        ? 'disabled'
        : !matches
          ? 'bad_password'
          : null;

    if (reason !== null || !account || !tenantId) {
      if (tenantId) {
        await this.uow.run(tenantId, async (tx) => {
          tx.events.emit(identityEvents.loginFailed, {
            tenantId,
            actor: { type: 'anonymous', id: null, ip },
            subject: { type: 'account', id: account?.id ?? input.email, name: input.email },
            result: 'failure',
            data: { email: input.email, reason: reason ?? 'unknown_account' },
          });
        });
      }
      this.logger.info({ tenantId, reason }, 'sign-in refused');

      throw new RivetError('unauthenticated', BAD_CREDENTIALS);
    }
    const actor: Actor = { type: 'user', id: account.id, ip };
    const started = await this.uow.run(tenantId, async (tx) => {
      const session = await this.startFamily(tx, account.id);

      tx.events.emit(identityEvents.loginSucceeded, {
        tenantId,
        actor,
        subject: { type: 'account', id: account.id, name: account.email },
        data: { userId: account.id, email: account.email },
      });

      return session;
    });

    return this.tokens(account, started.familyId, started.refreshToken);
  }

  async refresh(refreshToken: string, ip: string | null): Promise<Tokens> {
    const tokenHash = hashRefreshToken(refreshToken);
    const tenantId = await acrossTenants(this.dataSource, (manager) =>
      this.refreshTokens.tenantOf(manager, tokenHash),
    );

    if (!tenantId) {
      throw new RivetError('unauthenticated', 'the refresh token is not valid');
    }
    const outcome = await this.uow.run(tenantId, (tx) => this.rotate(tx, tokenHash, ip));

    // Thrown after the commit, so that a family revoked for reuse stays revoked.
    if (outcome.kind === 'refused') {
      throw new RivetError('unauthenticated', outcome.detail);
    }

    return this.tokens(outcome.account, outcome.familyId, outcome.refreshToken);
  }

  /** Ends one of the caller's sessions, named by a refresh token or by its id. */
  async logout(
    caller: { tenantId: string; userId: string },
    input: LogoutInput,
    ip: string | null,
  ): Promise<void> {
    if (!input.refreshToken && !input.sessionId) {
      throw RivetError.validation([
        { field: 'refreshToken', message: 'give the refresh token or the session id to end' },
      ]);
    }
    await this.uow.run(caller.tenantId, async (tx) => {
      let familyId: string | null = null;

      if (input.refreshToken) {
        const token = await this.refreshTokens.findByHash(tx, hashRefreshToken(input.refreshToken));

        familyId = token?.userId === caller.userId ? token.familyId : null;
      } else if (
        input.sessionId &&
        (await this.refreshTokens.familyOwnedBy(tx, input.sessionId, caller.userId))
      ) {
        familyId = input.sessionId;
      }
      // Someone else's session, or one that does not exist: nothing to end, nothing to say.
      if (!familyId || !(await this.refreshTokens.revokeFamily(tx, familyId, new Date()))) {
        return;
      }
      this.emitSessionEnded(tx, caller.userId, familyId, 'logout', {
        type: 'user',
        id: caller.userId,
        ip,
      });
    });
  }

  /** Records that a session ended; `until` is when its last access token expires. */
  emitSessionEnded(
    tx: EventfulTx,
    userId: string,
    familyId: string,
    reason: 'logout' | 'reuse_detected' | 'account_disabled',
    actor: Actor,
  ): void {
    const until = new Date(Date.now() + this.config.ACCESS_TOKEN_TTL_SECONDS * 1000);

    tx.events.emit(identityEvents.sessionEnded, {
      tenantId: tx.tenantId,
      actor,
      subject: { type: 'session', id: familyId },
      data: { userId, sessionId: familyId, until: until.toISOString(), reason },
    });
  }

  private async rotate(
    tx: EventfulTx,
    tokenHash: string,
    ip: string | null,
  ): Promise<RefreshOutcome> {
    const now = new Date();
    const token = await this.refreshTokens.findForUpdate(tx, tokenHash);

    if (!token) {
      return { kind: 'refused', detail: 'the refresh token is not valid' };
    }
    const decision = decideRefresh(token, now);

    if (decision === 'reuse') {
      await this.refreshTokens.revokeFamily(tx, token.familyId, now);
      const actor: Actor = { type: 'anonymous', id: null, ip };

      tx.events.emit(identityEvents.refreshReused, {
        tenantId: tx.tenantId,
        actor,
        subject: { type: 'session', id: token.familyId },
        result: 'failure',
        data: { userId: token.userId, familyId: token.familyId },
      });
      this.emitSessionEnded(tx, token.userId, token.familyId, 'reuse_detected', actor);
      this.logger.warn(
        { tenantId: tx.tenantId, userId: token.userId, familyId: token.familyId },
        'refresh token reused; session revoked',
      );

      return {
        kind: 'refused',
        detail: 'the refresh token was already used; the session is ended',
      };
    }
    if (decision !== 'rotate') {
      return { kind: 'refused', detail: `the refresh token is ${decision}` };
    }
    const account = await this.accounts.findById(tx, token.userId);

    if (!account || account.status !== 'active') {
      return { kind: 'refused', detail: 'the account is disabled' };
    }
    await this.refreshTokens.markUsed(tx, token.id, now);
    const next = await this.startFamily(tx, account.id, token.familyId);

    return { kind: 'rotated', account, ...next };
  }

  /** Issues a refresh token in `familyId`, or in a new family (a new session). */
  private async startFamily(
    tx: EventfulTx,
    userId: string,
    familyId: string = randomUUID(),
  ): Promise<{ familyId: string; refreshToken: string }> {
    const refreshToken = newRefreshToken();

    await this.refreshTokens.insert(tx, {
      id: randomUUID(),
      userId,
      familyId,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
    });

    return { familyId, refreshToken };
  }

  private async tokens(
    account: AccountEntity,
    familyId: string,
    refreshToken: string,
  ): Promise<Tokens> {
    const issuer = this.keys.tokenIssuer;
    const accessToken = await issuer.issue({
      userId: account.id,
      tenantId: account.tenantId,
      memberId: account.memberId,
      sessionId: familyId,
    });

    return { accessToken, refreshToken, expiresIn: issuer.ttlSeconds, tokenType: 'Bearer' };
  }

  /**
   * Finds the account an email signs in to, and the tenant to record the
   * attempt in. An email in several enterprises, without `enterpriseId`,
   * signs in where the password fits; only a caller who knows the password
   * learns that it fits in more than one.
   */
  private async locate(
    email: string,
    enterpriseId: string | undefined,
    password: string,
  ): Promise<SignInTarget> {
    if (enterpriseId) {
      const enterprise = await this.enterprises.findById(this.dataSource.manager, enterpriseId);

      return enterprise ? this.targetIn(enterprise.id, email) : NOBODY;
    }
    const matches = await acrossTenants(this.dataSource, (manager) =>
      this.accounts.findByEmailInAnyTenant(manager, email),
    );

    if (matches.length <= 1) {
      return matches[0] ? this.targetIn(matches[0].tenantId, email) : NOBODY;
    }
    const candidates = await Promise.all(matches.map((m) => this.targetIn(m.tenantId, email)));
    const fitting: SignInTarget[] = [];

    for (const candidate of candidates) {
      if (await this.hasher.verify(candidate.passwordHash, password)) {
        fitting.push(candidate);
      }
    }
    if (fitting.length > 1) {
      throw RivetError.validation([
        { field: 'enterpriseId', message: 'required: this email belongs to several enterprises' },
      ]);
    }

    return fitting[0] ?? candidates[0];
  }

  private targetIn(tenantId: string, email: string): Promise<SignInTarget> {
    return inTenant(this.dataSource, tenantId, async (tx) => {
      const account = await this.accounts.findByEmail(tx, email);
      const passwordHash = account ? await this.credentials.hashOf(tx, account.id) : null;

      return { tenantId, account, passwordHash };
    });
  }
}
