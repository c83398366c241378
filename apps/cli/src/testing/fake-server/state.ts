// The fake server's state, and the views that turn it into the API's answers (typed as the generated schemas).
import { randomBytes, randomUUID } from 'node:crypto';
import { HttpError } from './contract.js';
import type { FDestination, FGrant, FGroup, FKey, FUser, Schemas } from './records.js';

export const now = () => new Date().toISOString();

export class FakeState {
  readonly users = new Map<string, FUser>();
  readonly keys = new Map<string, FKey>();
  readonly groups = new Map<string, FGroup>();
  readonly destinations = new Map<string, FDestination>();
  readonly grants: FGrant[] = [];

  addUser(name: string, password?: string, o: { passwordUpdateRequired?: boolean } = {}): FUser {
    const u: FUser = {
      id: randomUUID(),
      name,
      password,
      passwordUpdateRequired: o.passwordUpdateRequired ?? false,
      created: now(),
      lastSeenAt: null,
    };
    this.users.set(u.id, u);
    return u;
  }

  addGroup(name: string, members: string[] = []): FGroup {
    const g: FGroup = { id: randomUUID(), name, created: now(), members: new Set(members) };
    this.groups.set(g.id, g);
    return g;
  }

  /** A destination without a connector has empty url and CA, as on the server. */
  addDestination(name: string, url = '', caCertificate = ''): FDestination {
    const d: FDestination = { id: randomUUID(), name, url, caCertificate, connected: Boolean(url), created: now() };
    this.destinations.set(d.id, d);
    return d;
  }

  addGrant(g: Omit<FGrant, 'id' | 'created'>): FGrant {
    const grant: FGrant = { id: randomUUID(), created: now(), ...g };
    this.grants.push(grant);
    return grant;
  }

  /** A new access key for the user, as "id.secret". */
  newKey(userID: string, name: string, o: { expires?: string | null; session?: boolean } = {}): string {
    const k: FKey = {
      id: randomBytes(5).toString('hex'),
      name,
      userID,
      secret: randomBytes(12).toString('hex'),
      expires: o.expires ?? null,
      created: now(),
      session: o.session ?? false,
    };
    this.keys.set(k.id, k);
    return `${k.id}.${k.secret}`;
  }

  /** The live key an "id.secret" names, if any. */
  keyFor(accessKey: string | undefined): FKey | undefined {
    const [id, secret] = (accessKey ?? '').split('.');
    const k = this.keys.get(id);
    if (!k || k.secret !== secret || !this.users.has(k.userID)) return undefined;
    if (k.expires && Date.parse(k.expires) < Date.now()) return undefined;
    return k;
  }

  userByName = (n: string) => [...this.users.values()].find((u) => u.name === n || u.id === n);
  groupByName = (n: string) => [...this.groups.values()].find((g) => g.name === n || g.id === n);
  groupsOf = (userID: string) => [...this.groups.values()].filter((g) => g.members.has(userID));

  /** Grants held by the user directly or through a group. */
  grantsOf(userID: string): FGrant[] {
    const groupIDs = new Set(this.groupsOf(userID).map((g) => g.id));
    return this.grants.filter((g) => g.user === userID || (g.group !== undefined && groupIDs.has(g.group)));
  }

  requireAdmin(u: FUser): void {
    if (!this.isAdmin(u)) throw new HttpError(403, 'you are not allowed to do this');
  }

  isAdmin = (u: FUser) => this.grantsOf(u.id).some((g) => g.resource === 'infra' && g.privilege === 'admin');

  userView = ({ password: _p, ...u }: FUser): Schemas['UserResponse'] => ({ ...u, updated: u.created });

  groupView = ({ members, ...g }: FGroup): Schemas['GroupResponse'] => ({
    ...g,
    updated: g.created,
    totalUsers: members.size,
  });

  keyView = (k: FKey): Schemas['KeyResponse'] => ({
    id: k.id,
    name: k.name,
    userID: k.userID,
    userName: this.users.get(k.userID)?.name ?? '',
    created: k.created,
    expires: k.expires,
    lastUsed: null,
    inactivityTimeout: null,
  });

  destinationView = (d: FDestination): Schemas['DestinationResponse'] => ({
    ...d,
    kubernetesVersion: d.url ? '1.32.0' : '',
    namespaces: [],
    lastSeen: d.connected ? now() : null,
  });

  grantView = (g: FGrant): Schemas['GrantResponse'] => ({
    ...g,
    userName: g.user ? this.users.get(g.user)?.name : undefined,
    groupName: g.group ? this.groups.get(g.group)?.name : undefined,
    expiresAt: g.expiresAt ?? null,
    createdBy: null,
  });
}
