import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BusClient, NATS_CONNECTION } from '@rivet/bus';
import {
  EventDef,
  eventSubject,
  Grant,
  identityEvents,
  identityRpc,
  parseEnvelope,
  Permission,
  RequestContext,
} from '@rivet/contracts';
import { LOGGER } from '@rivet/platform';
import { Msg, NatsConnection, NatsError, Subscription } from 'nats';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AccessClaims } from './claims';
import { Policy } from './policy';
import { POLICY_OPTIONS, PolicyOptions } from './policy.options';
import { systemContext } from './system-context';

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 10_000;

interface AskedGrant {
  grant: Grant | null;
  until: number;
}

/**
 * Keeps the process's {@link Policy} current: the grant snapshot from identity
 * at start-up (retried until identity answers, without holding start-up up),
 * identity's grant, revocation and session events as they happen, and a full
 * reload every 30 s to heal anything an event-less gap missed.
 */
@Injectable()
export class PolicyProjection implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly subscriptions: Subscription[] = [];
  private readonly asked = new Map<string, AskedGrant>();
  private readonly asking = new Map<string, Promise<Grant | null>>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private loaded = false;

  constructor(
    @Inject(Policy) readonly policy: Policy,
    @Inject(BusClient) private readonly bus: BusClient,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(POLICY_OPTIONS) private readonly options: PolicyOptions,
  ) {}

  /** Whether the first snapshot has been loaded. */
  get isLoaded(): boolean {
    return this.loaded;
  }

  onApplicationBootstrap(): void {
    this.follow(identityEvents.adminGranted, (data) => {
      this.policy.grant(data);
      this.asked.delete(key(data.tenantId, data.userId));
    });
    this.follow(identityEvents.adminRevoked, (data) => {
      this.policy.revoke(data.tenantId, data.userId);
      this.asked.delete(key(data.tenantId, data.userId));
    });
    this.follow(identityEvents.sessionEnded, (data) => {
      this.policy.endSession(data.sessionId, Math.ceil(Date.parse(data.until) / 1000));
    });
    this.schedule(0, FIRST_RETRY_MS);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.subscriptions.forEach((s) => s.unsubscribe());
  }

  isSessionEnded(sessionId: string): boolean {
    return this.policy.isSessionEnded(sessionId);
  }

  /**
   * Whether the bearer of `claims` holds `permission`. When the projection
   * knows no grant at all for the user (an enterprise created a moment ago,
   * its grant event still on the way), identity is asked once and its answer
   * trusted for a few seconds.
   */
  async can(claims: AccessClaims, permission: Permission, ctx: RequestContext): Promise<boolean> {
    const { tenantId, userId } = claims;

    if (this.policy.can(tenantId, userId, permission)) {
      return true;
    }
    if (this.policy.grantOf(tenantId, userId)) {
      return false;
    }
    const grant = await this.askIdentity(claims, ctx);

    return !!grant && (grant.role === 'super_admin' || grant.permissions.includes(permission));
  }

  /**
   * Whether the user a service request comes from holds `permission` in the
   * request's tenant: the service's own check of what the gateway decided.
   * Requests from other services (system actors on authenticated NATS
   * connections) pass; anonymous ones and ones without a tenant do not.
   */
  async allows(ctx: RequestContext, permission: Permission): Promise<boolean> {
    if (ctx.actor.type === 'system') {
      return true;
    }
    if (ctx.actor.type !== 'user' || !ctx.actor.id || !ctx.tenantId) {
      return false;
    }
    const claims = {
      userId: ctx.actor.id,
      tenantId: ctx.tenantId,
      memberId: null,
      sessionId: '',
      exp: 0,
    };

    return this.can(claims, permission, ctx);
  }

  /** Reloads every grant from identity now. */
  async resync(): Promise<void> {
    const { grants } = await this.bus.request(
      identityRpc.grants,
      systemContext(this.options.service),
      {},
    );

    this.policy.load(grants);
    this.asked.clear();
    this.loaded = true;
    this.logger.debug({ grants: grants.length }, 'policy snapshot loaded');
  }

  private schedule(delayMs: number, retryMs: number): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.resync().then(
        () => this.schedule(this.options.resyncMs ?? 30_000, FIRST_RETRY_MS),
        (err: unknown) => {
          this.logger.warn(
            { err: err instanceof Error ? err.message : String(err), retryMs },
            'policy snapshot failed; retrying',
          );
          this.schedule(retryMs, Math.min(retryMs * 2, MAX_RETRY_MS));
        },
      );
    }, delayMs);
    this.timer.unref();
  }

  private async askIdentity(claims: AccessClaims, ctx: RequestContext): Promise<Grant | null> {
    const k = key(claims.tenantId, claims.userId);
    const cached = this.asked.get(k);

    if (cached && cached.until > Date.now()) {
      return cached.grant;
    }
    const pending = this.asking.get(k);

    if (pending) {
      return pending;
    }
    const asking = this.bus
      .request(identityRpc.grant, ctx, { userId: claims.userId })
      .then(({ grant }) => {
        const own = grant && grant.tenantId === claims.tenantId ? grant : null;

        this.asked.set(k, { grant: own, until: Date.now() + (this.options.grantCacheMs ?? 5000) });

        return own;
      })
      .finally(() => this.asking.delete(k));

    this.asking.set(k, asking);

    return asking;
  }

  private follow<D extends EventDef>(def: D, apply: (data: z.output<D['data']>) => void): void {
    const subscription = this.nc.subscribe(eventSubject(def.name), {
      callback: (err: NatsError | null, msg: Msg) => {
        if (err) {
          this.logger.warn({ err: err.message, event: def.name }, 'policy subscription error');

          return;
        }
        try {
          const envelope = parseEnvelope(def, msg.json());

          apply(envelope.data);
          this.logger.debug({ event: def.name, eventId: envelope.id }, 'policy event applied');
        } catch (parseErr) {
          this.logger.warn(
            {
              err: parseErr instanceof Error ? parseErr.message : String(parseErr),
              event: def.name,
            },
            'policy event ignored: malformed',
          );
        }
      },
    });

    this.subscriptions.push(subscription);
  }
}

function key(tenantId: string, userId: string): string {
  return `${tenantId}:${userId}`;
}
