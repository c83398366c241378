// The connector's last-known copy of everything the server pushed: grants for this destination, the users and groups
// they involve, token signing keys and revocations. The proxy and the reconciler decide from it alone, so it keeps
// working while the server is unreachable; expiries are enforced against the (injected) clock on every decision.
import { EventEmitter } from 'node:events';
import type { JWK } from 'jose';
import { CONNECT_PRIVILEGE, grantReachesDestination, parseResource, type PublicSigningKey } from '@infra/access';
import type { connector } from '@infra/proto';
import type { Clock } from '../clock.js';

type Grant = connector.Grant__Output;
type User = connector.User__Output;
type Group = connector.Group__Output;
type Revocation = connector.Revocation__Output;

/** A grant that is in force now, with its subject resolved to the name RBAC and impersonation use. */
export interface ActiveGrant {
  id: string;
  privilege: string;
  namespace?: string; // absent: the whole cluster
  subject: { kind: 'User' | 'Group'; name: string };
  expiresAtMs: number; // 0: never
}

/** Who a user is inside the cluster: what the proxy puts in Impersonate-User and Impersonate-Group. */
export interface ClusterIdentity {
  userId: string;
  userName: string;
  groupNames: string[];
}

/** What a token says about its holder; enough to check revocations. */
export interface Credential {
  userId: string; // token "sub"
  credentialId: string; // token "sid"
  issuedAtMs: number; // token "iat" in milliseconds
}

interface GrantEntry {
  grant: Grant;
  namespace?: string;
  /** Arrival order, so that a user's grants list in the same order as all grants do. */
  order: number;
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  let ids = index.get(key);
  if (!ids) index.set(key, (ids = new Set()));
  ids.add(id);
}

function removeFrom(index: Map<string, Set<string>>, key: string, id: string): void {
  const ids = index.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) index.delete(key);
}

/** Names Kubernetes reserves for its own users and groups (`system:masters`, `system:serviceaccount:…`), any case. */
export function isSystemName(name: string): boolean {
  return name.slice(0, 7).toLowerCase() === 'system:';
}

export class ConnectorState extends EventEmitter<{ changed: [] }> {
  private seq = 0;
  private snapshotApplied = false;
  /** Grants on this destination only (others can never count), with the namespace parsed once. */
  private readonly grants = new Map<string, GrantEntry>();
  /** Grant ids by subject, so a decision looks only at the grants of one user and their groups. */
  private readonly grantIdsByUser = new Map<string, Set<string>>();
  private readonly grantIdsByGroup = new Map<string, Set<string>>();
  private nextOrder = 0;
  private readonly users = new Map<string, User>();
  private readonly groups = new Map<string, Group>();
  private readonly keys = new Map<string, PublicSigningKey>();
  private revocations: Revocation[] = [];
  private readonly expiredSeen = new Set<string>();

  constructor(
    readonly destination: string,
    private readonly clock: Clock,
  ) {
    super();
  }

  /** The last change sequence applied; 0 before the first snapshot. */
  get sequence(): number {
    return this.seq;
  }

  get hasSnapshot(): boolean {
    return this.snapshotApplied;
  }

  applySnapshot(s: connector.Snapshot__Output): void {
    this.grants.clear();
    this.grantIdsByUser.clear();
    this.grantIdsByGroup.clear();
    this.users.clear();
    this.groups.clear();
    this.keys.clear();
    this.expiredSeen.clear();
    for (const g of s.grants) this.putGrant(g);
    for (const u of s.users) this.users.set(u.id, u);
    for (const g of s.groups) this.groups.set(g.id, g);
    for (const k of s.signingKeys) this.addKey(k);
    this.revocations = [...s.revocations];
    this.seq = Number(s.sequence);
    this.snapshotApplied = true;
    this.emit('changed');
  }

  /** Applies one change in order; a change at or below the current sequence was already applied and is skipped. */
  applyChange(c: connector.Change__Output): boolean {
    const sequence = Number(c.sequence);
    if (sequence <= this.seq) return false;
    switch (c.change) {
      case 'grantUpserted':
        if (c.grantUpserted) {
          this.putGrant(c.grantUpserted);
          this.expiredSeen.delete(c.grantUpserted.id);
        }
        break;
      case 'grantRemoved':
        this.removeGrant(c.grantRemoved ?? '');
        break;
      case 'userUpserted':
        if (c.userUpserted) this.users.set(c.userUpserted.id, c.userUpserted);
        break;
      case 'userRemoved':
        this.users.delete(c.userRemoved ?? '');
        break;
      case 'groupUpserted':
        if (c.groupUpserted) this.groups.set(c.groupUpserted.id, c.groupUpserted);
        break;
      case 'groupRemoved':
        this.groups.delete(c.groupRemoved ?? '');
        break;
      case 'signingKeyAdded':
        if (c.signingKeyAdded) this.addKey(c.signingKeyAdded);
        break;
      case 'signingKeyRemoved':
        this.keys.delete(c.signingKeyRemoved ?? '');
        break;
      case 'revocation':
        if (c.revocation) this.revocations.push(c.revocation);
        break;
      default:
        break; // a change kind this connector does not know yet: only the sequence moves on
    }
    this.seq = sequence;
    this.emit('changed');
    return true;
  }

  signingKeys(): ReadonlyMap<string, PublicSigningKey> {
    return this.keys;
  }

  /** True when the credential, or its whole user, was revoked after the token was issued. */
  isRevoked(cred: Credential): boolean {
    return this.revocations.some(
      (r) =>
        (r.credentialId ? r.credentialId === cred.credentialId : r.userId === cred.userId) &&
        cred.issuedAtMs <= Number(r.revokedAtMs),
    );
  }

  /** Grants in force now for this destination, with subjects resolved; grants whose subject is unknown are left out. */
  activeGrants(): ActiveGrant[] {
    return this.resolve([...this.grants.values()]);
  }

  /** Grants in force now that reach this user, directly or through one of their groups. */
  grantsOf(userId: string): ActiveGrant[] {
    const user = this.users.get(userId);
    if (!user) return [];
    // In the order the grants arrived, as a scan of all grants would give them.
    return this.resolve([...this.entriesOf(user)].sort((a, b) => a.order - b.order));
  }

  /** The user's cluster identity and the grants that give it, or undefined when they may not use this destination. */
  accessOf(userId: string): { identity: ClusterIdentity; grants: ActiveGrant[] } | undefined {
    const user = this.users.get(userId);
    const grants = this.grantsOf(userId);
    if (!user || grants.length === 0) return undefined;
    return { identity: this.identity(user), grants };
  }

  private resolve(entries: Iterable<GrantEntry>): ActiveGrant[] {
    const out: ActiveGrant[] = [];
    for (const { grant: g, namespace } of entries) {
      const subject = this.inForce(g) ? this.subjectOf(g) : undefined;
      if (subject)
        out.push({ id: g.id, privilege: g.privilege, namespace, subject, expiresAtMs: Number(g.expiresAtMs) });
    }
    return out;
  }

  /** The cluster identity of a user who may use this destination now, or undefined when they may not. */
  identityOf(userId: string): ClusterIdentity | undefined {
    const user = this.users.get(userId);
    if (!user || !this.hasGrantInForce(user)) return undefined;
    return this.identity(user);
  }

  /** The user's name as pushed by the server, or undefined for an unknown user. */
  userName(userId: string): string | undefined {
    return this.users.get(userId)?.name;
  }

  /**
   * Impersonated groups: only the user's groups that hold a grant in force here (a `connect` grant counts), never a
   * `system:` one. A group with no grant here has no business in this cluster, and Kubernetes binds `system:` groups
   * itself (an Infra group `system:masters` would be cluster-admin).
   */
  private identity(user: User): ClusterIdentity {
    const groupNames: string[] = [];
    for (const id of user.groupIds) {
      const g = this.groups.get(id);
      if (g && !isSystemName(g.name) && this.groupHoldsGrant(id)) groupNames.push(g.name);
    }
    return { userId: user.id, userName: user.name, groupNames };
  }

  private groupHoldsGrant(groupId: string): boolean {
    for (const id of this.grantIdsByGroup.get(groupId) ?? []) {
      const entry = this.grants.get(id);
      if (entry && this.inForce(entry.grant)) return true;
    }
    return false;
  }

  /** Stops at the first grant that counts: what a yes/no decision needs. */
  private hasGrantInForce(user: User): boolean {
    for (const { grant: g } of this.entriesOf(user)) {
      if (this.inForce(g) && this.subjectOf(g)) return true;
    }
    return false;
  }

  /** The entries of the user's own grants and their groups' grants, each once. */
  private *entriesOf(user: User): Generator<GrantEntry> {
    const seen = new Set<string>();
    const idSets = [this.grantIdsByUser.get(user.id), ...user.groupIds.map((id) => this.grantIdsByGroup.get(id))];
    for (const ids of idSets) {
      for (const id of ids ?? []) {
        const entry = this.grants.get(id);
        if (entry && !seen.has(id)) {
          seen.add(id);
          yield entry;
        }
      }
    }
  }

  /**
   * Notices grants that expired and revocations that may be forgotten since the last call, and emits `changed` when
   * a grant expired, so that bindings are removed and streams closed. Called periodically.
   */
  sweep(): void {
    const now = this.clock.now();
    this.revocations = this.revocations.filter((r) => Number(r.untilMs) === 0 || Number(r.untilMs) > now);
    let expired = false;
    for (const { grant: g } of this.grants.values()) {
      if (!this.inForce(g) && !this.expiredSeen.has(g.id)) {
        this.expiredSeen.add(g.id);
        expired = true;
      }
    }
    if (expired) this.emit('changed');
  }

  /** Whether a privilege renders an RBAC binding at all. */
  static writesBinding(privilege: string): boolean {
    return privilege !== CONNECT_PRIVILEGE;
  }

  private inForce(g: Grant): boolean {
    const exp = Number(g.expiresAtMs);
    return exp === 0 || exp > this.clock.now();
  }

  private putGrant(g: Grant): void {
    if (!grantReachesDestination(g.resource, this.destination)) {
      this.removeGrant(g.id); // moved to another destination, or never ours
      return;
    }
    const previous = this.grants.get(g.id);
    if (previous) this.unindex(previous.grant);
    // An updated grant keeps its place in the arrival order (Map.set on an existing key keeps it too).
    this.grants.set(g.id, {
      grant: g,
      namespace: parseResource(g.resource).namespace,
      order: previous?.order ?? this.nextOrder++,
    });
    if (g.userId) addTo(this.grantIdsByUser, g.userId, g.id);
    if (g.groupId) addTo(this.grantIdsByGroup, g.groupId, g.id);
  }

  private removeGrant(id: string): void {
    const entry = this.grants.get(id);
    if (!entry) return;
    this.grants.delete(id);
    this.unindex(entry.grant);
  }

  private unindex(g: Grant): void {
    removeFrom(this.grantIdsByUser, g.userId, g.id);
    removeFrom(this.grantIdsByGroup, g.groupId, g.id);
  }

  /** The grant's subject; a `system:` one counts for nothing (no binding, no access), as if unknown. */
  private subjectOf(g: Grant): ActiveGrant['subject'] | undefined {
    if (g.userId) {
      const u = this.users.get(g.userId);
      return u && !isSystemName(u.name) ? { kind: 'User', name: u.name } : undefined;
    }
    const grp = this.groups.get(g.groupId);
    return grp && !isSystemName(grp.name) ? { kind: 'Group', name: grp.name } : undefined;
  }

  private addKey(k: connector.SigningKey__Output): void {
    try {
      this.keys.set(k.kid, { kid: k.kid, jwk: JSON.parse(k.publicJwkJson) as JWK });
    } catch {
      // A key we cannot parse verifies nothing; tokens signed with it are refused as "unknown key".
    }
  }
}
