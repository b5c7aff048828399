import { Inject, Injectable } from '@nestjs/common';
import { EventConsumer, markProcessed, UnitOfWork } from '@rivet/bus';
import { Envelope, identityEvents, orgEvents, parseEnvelope } from '@rivet/contracts';
import { LOGGER } from '@rivet/platform';
import type { Logger } from 'pino';
import { memberEventData, MemberRepository, toMember } from '../members/member.repository';

const DURABLE = 'org-enterprise-setup';

/**
 * Gives a new enterprise's creator a member, with the ids identity chose for
 * it, so that the creator's account and member line up from the start.
 */
@Injectable()
export class EnterpriseSetupConsumer implements EventConsumer {
  readonly durable = DURABLE;
  readonly filter = identityEvents.enterpriseCreated.name;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly members: MemberRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(events: Envelope[]): Promise<void> {
    for (const raw of events) {
      const event = parseEnvelope(identityEvents.enterpriseCreated, raw);
      const { creator } = event.data;

      await this.uow.run(event.tenantId, async (tx) => {
        if (!(await markProcessed(tx.manager, DURABLE, event))) {
          return;
        }
        const inserted = await this.members.insert(tx, {
          id: creator.memberId,
          userId: creator.userId,
          externalId: null,
          name: creator.name,
          email: creator.email,
          phone: creator.phone,
          title: null,
          managerId: null,
          jobGrade: null,
          hireDate: null,
        });

        if (!inserted) {
          return;
        }
        const row = await this.members.findById(tx, creator.memberId);

        if (!row) {
          return;
        }
        const member = toMember(row);

        tx.events.emit(orgEvents.memberCreated, {
          tenantId: event.tenantId,
          actor: event.actor,
          subject: { type: 'member', id: member.id, name: member.name },
          data: memberEventData(member),
        });
        this.logger.info({ tenantId: event.tenantId, memberId: member.id }, 'creator member added');
      });
    }
  }
}
