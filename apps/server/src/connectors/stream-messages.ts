// The change log's entries as connector.proto Change messages. Payloads are the generated
// proto message types (change.types.ts); this is the one place that knows the oneof field names.
import type { connector } from '@infra/proto';
import type { ChangeRecord } from '../modules/changes/change.types.js';

/** Undefined for a kind this server does not know (written by a newer replica): skipped, the sequence moves on. */
export function toChangeMessage(c: ChangeRecord): connector.Change | undefined {
  const sequence = c.sequence;
  switch (c.kind) {
    case 'grant_upserted':
      return { sequence, grantUpserted: c.payload };
    case 'grant_removed':
      return { sequence, grantRemoved: c.payload.id };
    case 'user_upserted':
      return { sequence, userUpserted: c.payload };
    case 'user_removed':
      return { sequence, userRemoved: c.payload.id };
    case 'group_upserted':
      return { sequence, groupUpserted: c.payload };
    case 'group_removed':
      return { sequence, groupRemoved: c.payload.id };
    case 'signing_key_added':
      return { sequence, signingKeyAdded: c.payload };
    case 'signing_key_removed':
      return { sequence, signingKeyRemoved: c.payload.kid };
    case 'revocation':
      return { sequence, revocation: c.payload };
    default:
      return undefined;
  }
}
