// What the change log carries: one entry per change that affects what connectors enforce. Payloads are the
// messages of proto/infra/connector/v1 as the generated types give them (camelCase), so the stream forwards them
// as they are. Entries are written by one author, the projection (projection.ts).
import type { connector } from '@infra/proto';

export type GrantPayload = connector.Grant__Output;
export type UserPayload = connector.User__Output;
export type GroupPayload = connector.Group__Output;
export type SigningKeyPayload = connector.SigningKey__Output;
export type RevocationPayload = connector.Revocation__Output;

export type Change =
  | { kind: 'grant_upserted'; payload: GrantPayload }
  | { kind: 'grant_removed'; payload: { id: string } }
  | { kind: 'user_upserted'; payload: UserPayload }
  | { kind: 'user_removed'; payload: { id: string } }
  | { kind: 'group_upserted'; payload: GroupPayload }
  | { kind: 'group_removed'; payload: { id: string } }
  | { kind: 'signing_key_added'; payload: SigningKeyPayload }
  | { kind: 'signing_key_removed'; payload: { kid: string } }
  | { kind: 'revocation'; payload: RevocationPayload };

export type ChangeKind = Change['kind'];

/** A committed entry. `destination` is set when only that destination's connector cares (grants). */
export type ChangeRecord = Change & {
  sequence: number;
  destination: string | null;
  at: Date;
};
