import { Inject, Injectable } from '@nestjs/common';
import { EventConsumer, EventfulTx, markProcessed, UnitOfWork } from '@rivet/bus';
import { Envelope, identityEvents, orgEvents, parseEnvelope } from '@rivet/contracts';
import { LOGGER } from '@rivet/platform';
import type { Logger } from 'pino';
import { AccountRepository } from '../accounts/account.repository';
import { SessionService } from '../sessions/session.service';
import { RefreshTokenRepository } from '../sessions/refresh-token.repository';

const DURABLE = 'identity-accounts';

/**
 * Keeps accounts in step with org's members: a member is an account that can
 * sign in. A batch is applied in one transaction per tenant, each event with
 * its processed mark, so a redelivery changes nothing; when a transaction
 * fails, the consumer retries the batch event by event.
 */
@Injectable()
export class MemberEventsConsumer implements EventConsumer {
  readonly durable = DURABLE;
  readonly filter = 'org.member.*';

  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(AccountRepository) private readonly accounts: AccountRepository,
    @Inject(RefreshTokenRepository) private readonly refreshTokens: RefreshTokenRepository,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(events: Envelope[]): Promise<void> {
    const byTenant = new Map<string, Envelope[]>();

    for (const event of events) {
      byTenant.set(event.tenantId, [...(byTenant.get(event.tenantId) ?? []), event]);
    }
    for (const [tenantId, group] of byTenant) {
      await this.uow.run(tenantId, async (tx) => {
        for (const event of group) {
          if (await markProcessed(tx.manager, DURABLE, event)) {
            await this.apply(tx, event);
          }
        }
      });
    }
  }

  private async apply(tx: EventfulTx, event: Envelope): Promise<void> {
    switch (event.type) {
      case orgEvents.memberCreated.name: {
        const { data } = parseEnvelope(orgEvents.memberCreated, event);

        await this.upsert(tx, event, data.userId, data.id, data.email, data.name);
        break;
      }
      case orgEvents.memberUpdated.name: {
        const { data } = parseEnvelope(orgEvents.memberUpdated, event);

        await this.upsert(tx, event, data.userId, data.id, data.email, data.name);
        break;
      }
      case orgEvents.memberDeleted.name: {
        const { data } = parseEnvelope(orgEvents.memberDeleted, event);

        await this.disable(tx, event, data.userId);
        break;
      }
      default:
        this.logger.debug({ type: event.type, eventId: event.id }, 'member event ignored');
    }
  }

  /** Creates the member's account, or brings its email and name up to date. */
  private async upsert(
    tx: EventfulTx,
    event: Envelope,
    userId: string,
    memberId: string,
    rawEmail: string,
    name: string,
  ): Promise<void> {
    const email = rawEmail.toLowerCase();
    const existing = await this.accounts.findById(tx, userId);

    if (!existing) {
      if (!(await this.accounts.insertIfAbsent(tx, { id: userId, memberId, email, name }))) {
        this.logger.warn(
          { tenantId: tx.tenantId, userId, eventId: event.id },
          'member not given an account: its email is already taken in this enterprise',
        );

        return;
      }
      tx.events.emit(identityEvents.accountCreated, {
        tenantId: tx.tenantId,
        actor: event.actor,
        subject: { type: 'account', id: userId, name },
        data: { userId, memberId, email },
      });

      return;
    }
    // The enterprise creator's account exists before org's member does.
    if (existing.email === email && existing.name === name && existing.memberId === memberId) {
      return;
    }
    await this.accounts.update(tx, userId, { email, name, memberId });
    tx.events.emit(identityEvents.accountUpdated, {
      tenantId: tx.tenantId,
      actor: event.actor,
      subject: { type: 'account', id: userId, name },
      data: { userId, email, status: existing.status },
    });
  }

  /** A deleted member can no longer sign in, and its sessions end now. */
  private async disable(tx: EventfulTx, event: Envelope, userId: string): Promise<void> {
    const account = await this.accounts.findById(tx, userId);

    if (!account) {
      return;
    }
    const now = new Date();

    if (account.status !== 'disabled') {
      await this.accounts.update(tx, userId, { status: 'disabled' });
      tx.events.emit(identityEvents.accountUpdated, {
        tenantId: tx.tenantId,
        actor: event.actor,
        subject: { type: 'account', id: userId, name: account.name },
        data: { userId, email: account.email, status: 'disabled' },
      });
    }
    for (const familyId of await this.refreshTokens.revokeAllOfUser(tx, userId, now)) {
      this.sessions.emitSessionEnded(tx, userId, familyId, 'account_disabled', event.actor);
    }
  }
}
