// The one author of the change log. Services record domain events (events.ts) around the change they make; this
// projection turns each into the entries that the destinations concerned must hear, in the same transaction. A
// connector hears of a grant's subject before the grant, and of people only while they hold a grant on its
// destination (connector-audience.ts). toGrantMessage() is the only mapping of a grant to its connector message:
// the snapshot (snapshot.repository.ts) uses it too.
import { Inject, Injectable } from '@nestjs/common';
import { INFRA_RESOURCE } from '@infra/access';
import { Clock } from '../../common/clock.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import type { Tx } from '../../db/database.js';
import { AudienceRepository, type GrantPlace } from './audience.repository.js';
import type { GrantPayload } from './change.types.js';
import { ChangesService } from './changes.service.js';
import { ConnectorAudience, type ReachBefore } from './connector-audience.js';
import type { DomainEvent, GrantFacts } from './events.js';

/** A grant as connector.proto's Grant message. */
export function toGrantMessage(g: Omit<GrantFacts, 'destination'>): GrantPayload {
  return {
    id: g.id,
    userId: g.userId ?? '',
    groupId: g.groupId ?? '',
    privilege: g.privilege,
    resource: g.resource,
    expiresAtMs: g.expiresAt ? g.expiresAt.getTime() : 0,
  };
}

/** What must be read before the change, while the rows it deletes are still there. */
interface Before {
  reach: ReachBefore;
  /** Grants that go with a deleted user or group. */
  grants: GrantPlace[];
  /** Destinations a deleted group holds a grant on. */
  destinations: Set<string>;
}

@Injectable()
export class ChangeProjection {
  constructor(
    private readonly changes: ChangesService,
    private readonly audience: ConnectorAudience,
    private readonly repo: AudienceRepository,
    private readonly clock: Clock,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  /** Records `event` in the caller's transaction around `apply`, the change it describes; returns what apply returns. */
  async record<T>(tx: Tx, event: DomainEvent, apply: () => Promise<T>): Promise<T> {
    const before = await this.before(tx, event);
    const result = await apply();
    await this.project(tx, event, before);
    return result;
  }

  private async before(tx: Tx, event: DomainEvent): Promise<Before> {
    const none: Before = { reach: { users: new Map() }, grants: [], destinations: new Set() };
    switch (event.type) {
      case 'grant_created':
      case 'grant_removed': {
        const g = event.grant;
        const users = g.userId ? [g.userId] : await this.repo.memberIds(tx, g.groupId!);
        return { ...none, reach: await this.audience.before(tx, users) };
      }
      case 'user_deleted':
        return {
          ...none,
          reach: await this.audience.before(tx, [event.userId]),
          grants: await this.repo.grantsOf(tx, { userId: event.userId }),
        };
      case 'group_deleted':
        return {
          reach: await this.audience.before(tx, await this.repo.memberIds(tx, event.groupId)),
          destinations: await this.repo.destinationsOfGroup(tx, event.groupId),
          grants: await this.repo.grantsOf(tx, { groupId: event.groupId }),
        };
      case 'group_members_changed':
        return { ...none, reach: await this.audience.before(tx, event.userIds) };
      default:
        return none;
    }
  }

  private async project(tx: Tx, event: DomainEvent, before: Before): Promise<void> {
    switch (event.type) {
      case 'grant_created': {
        const g = event.grant;
        // The destination's connector may not know the subject yet: first who they are (for a group, who is in it).
        if (g.groupId && g.destination !== INFRA_RESOURCE) {
          const name = await this.repo.groupName(tx, g.groupId);
          if (name !== undefined)
            await this.changes.append(tx, { kind: 'group_upserted', payload: { id: g.groupId, name } }, g.destination);
        }
        await this.audience.announce(tx, before.reach);
        await this.changes.append(tx, { kind: 'grant_upserted', payload: toGrantMessage(g) }, g.destination);
        return;
      }
      case 'grant_removed': {
        const g = event.grant;
        await this.changes.append(tx, { kind: 'grant_removed', payload: { id: g.id } }, g.destination);
        // The connector forgets a group with no grant left on its destination, and users with none left there.
        if (
          g.groupId &&
          g.destination !== INFRA_RESOURCE &&
          !(await this.repo.destinationsOfGroup(tx, g.groupId)).has(g.destination)
        ) {
          await this.changes.append(tx, { kind: 'group_removed', payload: { id: g.groupId } }, g.destination);
        }
        await this.audience.announce(tx, before.reach);
        return;
      }
      case 'user_deleted':
        await this.removeGrants(tx, before.grants);
        await this.revoke(tx, '', event.userId);
        await this.audience.announce(tx, before.reach); // user_removed where they held a grant
        return;
      case 'group_deleted':
        await this.removeGrants(tx, before.grants);
        for (const destination of before.destinations) {
          await this.changes.append(tx, { kind: 'group_removed', payload: { id: event.groupId } }, destination);
        }
        await this.audience.announce(tx, before.reach);
        return;
      case 'group_members_changed':
        await this.audience.announce(tx, before.reach);
        return;
      case 'credential_revoked':
        await this.revoke(tx, event.credentialId, event.userId);
        return;
      case 'signing_key_added':
        await this.changes.append(tx, {
          kind: 'signing_key_added',
          payload: { kid: event.kid, publicJwkJson: JSON.stringify(event.publicJwk) },
        });
        return;
      case 'signing_key_retired':
        await this.changes.append(tx, { kind: 'signing_key_removed', payload: { kid: event.kid } });
        return;
    }
  }

  private async removeGrants(tx: Tx, grants: GrantPlace[]): Promise<void> {
    for (const g of grants)
      await this.changes.append(tx, { kind: 'grant_removed', payload: { id: g.id } }, g.destination);
  }

  /** Tokens already issued stay valid until they expire unless connectors refuse them: a revocation lasts that long. */
  private async revoke(tx: Tx, credentialId: string, userId: string): Promise<void> {
    const now = this.clock.now().getTime();
    await this.changes.append(tx, {
      kind: 'revocation',
      payload: { credentialId, userId, revokedAtMs: now, untilMs: now + this.config.tokenTtlSeconds * 1000 },
    });
  }
}
