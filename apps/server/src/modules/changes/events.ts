// The domain events services record, in the transaction that makes the change: what happened, in the domain's words.
// They say nothing of connectors; the projection (projection.ts) decides who hears what.
import type { GrantEntity } from '../grants/grant.entity.js';

/** A grant as events carry it: what it gives, to whom, on which destination. */
export type GrantFacts = Pick<
  GrantEntity,
  'id' | 'userId' | 'groupId' | 'privilege' | 'resource' | 'destination' | 'expiresAt'
>;

export type DomainEvent =
  | { type: 'grant_created'; grant: GrantFacts }
  | { type: 'grant_removed'; grant: GrantFacts }
  /** Its grants go with it (ON DELETE CASCADE) and tokens issued to it must stop working. */
  | { type: 'user_deleted'; userId: string }
  /** Its grants and memberships go with it. */
  | { type: 'group_deleted'; groupId: string }
  /** Some of these users joined or left the group (users whose membership stayed as it was may be named too). */
  | { type: 'group_members_changed'; groupId: string; userIds: string[] }
  /** A key or session was deleted: tokens issued from it must stop working. */
  | { type: 'credential_revoked'; credentialId: string; userId: string }
  | { type: 'signing_key_added'; kid: string; publicJwk: object }
  | { type: 'signing_key_retired'; kid: string };

export type DomainEventType = DomainEvent['type'];
