// What the change log carries: one entry per change that affects what connectors enforce. Payloads
// mirror the messages of proto/infra/connector/v1 (camelCase), so the stream can forward them as they are.

export interface GrantPayload {
  id: string;
  userId: string;
  groupId: string;
  privilege: string;
  resource: string;
  expiresAtMs: number; // 0: never
}

export interface UserPayload {
  id: string;
  name: string;
  groupIds: string[];
}

export interface GroupPayload {
  id: string;
  name: string;
}

export interface SigningKeyPayload {
  kid: string;
  publicJwkJson: string;
}

export interface RevocationPayload {
  credentialId: string;
  userId: string;
  revokedAtMs: number;
  untilMs: number;
}

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
