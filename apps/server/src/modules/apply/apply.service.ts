// Access as code: makes the database hold what a file declares. The rules (README.md here): what the file declares is
// created; what an earlier apply from the same source created and the file no longer declares is removed; what was
// made any other way is never touched. Everything happens in one transaction, after every check has passed, through
// the users, groups and grants services (so connectors hear of it and the audit log has it).
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { ConflictError, NotFoundError } from '../../common/errors.js';
import { canonicalUserName } from '../../common/names.js';
import { Database, type Tx } from '../../db/database.js';
import { AuditService } from '../audit/audit.service.js';
import type { GrantEntity } from '../grants/grant.entity.js';
import { GrantsService, isExpired } from '../grants/grants.service.js';
import type { GroupEntity } from '../groups/group.entity.js';
import { GroupsService } from '../groups/groups.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { AppliedKind } from './applied-object.entity.js';
import { AppliedObjectsRepository } from './applied-objects.repository.js';
import { readDocument, type Declaration, type DeclaredGrant } from './document.js';
import { formatChange, grantName, membersDetail, sortPlan, type PlannedChange } from './plan.js';
import { invalidFile, type Problem } from './problems.js';
import { AppliedProviders } from './providers.js';
import { checkDeclaration, grantKey, type SecretSource } from './rules.js';

export interface ApplyInput {
  /** The file as written (YAML). */
  text: string;
  /** How problems name the file (`infra.yaml`). */
  fileName: string;
  dryRun: boolean;
  secrets: SecretSource;
  /** Who owns what this apply creates: `api` or `config-file`. Each source removes only its own. */
  source: string;
}

export interface ApplyResult {
  dryRun: boolean;
  changes: PlannedChange[];
  /** The changes as lines, in a stable order; empty when the database already matches the file. */
  diff: string[];
}

async function orNull<T>(find: Promise<T>): Promise<T | null> {
  try {
    return await find;
  } catch (e) {
    if (e instanceof NotFoundError) return null;
    throw e;
  }
}

interface OwnedGrant {
  grant: GrantEntity;
  key: string;
  name: string;
}
interface OwnedMembership {
  objectId: string;
  group: GroupEntity;
  user: UserEntity;
}

/** The database as far as this file is concerned, read inside the apply's transaction. */
interface World {
  users: Map<string, UserEntity | null>;
  groups: Map<string, GroupEntity | null>;
  ownedUsers: UserEntity[];
  ownedGroups: GroupEntity[];
  ownedMemberships: OwnedMembership[];
  ownedGrants: OwnedGrant[];
  /** Ids of the providers this source made (apply's providers.ts plans them). */
  ownedProviders: string[];
  /** Members (user ids) of the declared groups that exist. */
  memberIds: Map<string, Set<string>>;
  /** Keys (grantKey) of the declared grants that exist and are in force. */
  grantsInForce: Set<string>;
  /** Rows whose object was deleted some other way. */
  stale: { kind: AppliedKind; objectId: string }[];
}

/** The work the plan stands for, run in this order: additions first, then removals. */
interface Steps {
  addUsers: string[];
  addGroups: string[];
  members: Map<string, { add: string[]; remove: OwnedMembership[] }>;
  addGrants: DeclaredGrant[];
  removeGrants: OwnedGrant[];
  removeGroups: GroupEntity[];
  removeUsers: UserEntity[];
}

@Injectable()
export class ApplyService {
  constructor(
    private readonly db: Database,
    private readonly users: UsersService,
    private readonly groups: GroupsService,
    private readonly grants: GrantsService,
    private readonly applied: AppliedObjectsRepository,
    private readonly providers: AppliedProviders,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async apply(actor: Actor, input: ApplyInput): Promise<ApplyResult> {
    const { declaration, problems } = readDocument(input.text);
    if (problems.length) throw invalidFile(input.fileName, problems);
    const invalid = checkDeclaration(declaration, input.secrets);
    const { specs, problems: badProviders } = this.providers.specs(declaration.providers);
    if (invalid.length || badProviders.length) throw invalidFile(input.fileName, [...invalid, ...badProviders]);
    return this.db.transaction(async (tx) => {
      await this.applied.lock(tx); // one apply at a time: each plans against what the previous one left
      const world = await this.load(tx, input.source, declaration);
      const providers = await this.providers.plan(tx, specs, world.ownedProviders);
      const unknown = [...unknownReferences(declaration, world), ...providers.problems];
      if (unknown.length) throw invalidFile(input.fileName, unknown);
      const { changes, steps } = plan(declaration, world);
      const self = steps.removeUsers.find((u) => u.id === actor.caller?.userId);
      // As DELETE /api/users/:id: nobody removes themselves (and with them, their access) by accident.
      if (self)
        throw new ConflictError(
          `applying ${input.fileName} would remove you (${self.name}): keep ${self.name} in the file`,
        );
      // Last, as it waits on the network: every provider added or changed must answer discovery (dry run too).
      const unreachable = await this.providers.discover(providers.steps);
      if (unreachable.length) throw invalidFile(input.fileName, unreachable);
      const sorted = sortPlan([...providers.changes, ...changes]);
      if (!input.dryRun) {
        const own = (kind: AppliedKind) => (id: string) =>
          this.applied.add(input.source, kind, id, this.clock.now(), tx);
        await this.providers.addAndChange(tx, actor, providers.steps, own('provider'));
        await this.execute(tx, actor, input.source, steps, world);
        await this.providers.removeAll(tx, actor, providers.steps, (id) => this.applied.remove('provider', id, tx));
        for (const id of providers.stale) await this.applied.remove('provider', id, tx);
        if (sorted.length) {
          await this.audit.record(tx, actor, {
            action: 'apply.run',
            targetType: 'file',
            targetName: input.fileName,
            details: { source: input.source, changes: sorted.map(formatChange) },
          });
        }
      }
      return { dryRun: input.dryRun, changes: sorted, diff: sorted.map(formatChange) };
    });
  }

  private async load(tx: Tx, source: string, d: Declaration): Promise<World> {
    const world: World = {
      users: new Map(),
      groups: new Map(),
      ownedUsers: [],
      ownedGroups: [],
      ownedMemberships: [],
      ownedGrants: [],
      ownedProviders: [],
      memberIds: new Map(),
      grantsInForce: new Set(),
      stale: [],
    };
    const userNames = [
      ...d.users.map((u) => u.name),
      ...d.groups.flatMap((g) => g.members.map((m) => m.name)),
      ...d.grants.flatMap((g) => g.user ?? []),
    ];
    for (const name of userNames.map(canonicalUserName)) {
      if (!world.users.has(name)) world.users.set(name, await orNull(this.users.resolve(name, tx)));
    }
    for (const name of [...d.groups.map((g) => g.name), ...d.grants.flatMap((g) => g.group ?? [])]) {
      if (!world.groups.has(name)) world.groups.set(name, await orNull(this.groups.resolve(name, tx)));
    }
    for (const g of d.groups) {
      const group = world.groups.get(g.name);
      if (group) world.memberIds.set(g.name, new Set(await this.groups.memberIdsOf(tx, group.id)));
    }
    for (const g of d.grants) {
      const user = g.user !== undefined ? world.users.get(canonicalUserName(g.user)) : null;
      const group = g.group !== undefined ? world.groups.get(g.group) : null;
      if (!user && !group) continue;
      const subject = user ? { userId: user.id, groupId: null } : { userId: null, groupId: group!.id };
      const grant = await this.grants.find(tx, subject, g.role, g.resource);
      if (grant && !isExpired(grant, this.clock.now())) world.grantsInForce.add(grantKey(g));
    }
    for (const row of await this.applied.owned(source, tx)) {
      if (row.kind === 'provider') {
        world.ownedProviders.push(row.objectId);
        continue;
      }
      const found = await this.ownedObject(tx, row.kind, row.objectId, world);
      if (!found) world.stale.push(row);
    }
    return world;
  }

  /** Finds an object an earlier apply made and files it in the world; false when it is gone. */
  private async ownedObject(
    tx: Tx,
    kind: Exclude<AppliedKind, 'provider'>,
    id: string,
    world: World,
  ): Promise<boolean> {
    if (kind === 'user') {
      const user = await orNull(this.users.resolve(id, tx));
      if (user) world.ownedUsers.push(user);
      return user !== null;
    }
    if (kind === 'group') {
      const group = await orNull(this.groups.resolve(id, tx));
      if (group) world.ownedGroups.push(group);
      return group !== null;
    }
    if (kind === 'membership') {
      const [groupId, userId] = id.split(':') as [string, string];
      const group = await orNull(this.groups.resolve(groupId, tx));
      const user = await orNull(this.users.resolve(userId, tx));
      if (!group || !user || !(await this.groups.memberIdsOf(tx, groupId)).includes(userId)) return false;
      world.ownedMemberships.push({ objectId: id, group, user });
      return true;
    }
    const grant = await this.grants.findById(tx, id);
    if (!grant) return false;
    const subject = grant.userId
      ? { user: (await this.users.resolve(grant.userId, tx)).name }
      : { group: (await this.groups.resolve(grant.groupId!, tx)).name };
    const declared = { ...subject, role: grant.privilege, resource: grant.resource };
    world.ownedGrants.push({ grant, key: grantKey(declared), name: grantName(declared) });
    return true;
  }

  private async execute(tx: Tx, actor: Actor, source: string, steps: Steps, world: World): Promise<void> {
    const now = this.clock.now();
    const own = (kind: AppliedKind, id: string) => this.applied.add(source, kind, id, now, tx);
    for (const name of steps.addUsers) {
      const user = await this.users.insert(tx, actor, name);
      world.users.set(canonicalUserName(name), user);
      await own('user', user.id);
    }
    for (const name of steps.addGroups) {
      const group = await this.groups.insert(tx, actor, name);
      world.groups.set(name, group);
      await own('group', group.id);
    }
    for (const [name, { add, remove }] of steps.members) {
      const group = world.groups.get(name) ?? remove[0]!.group;
      const addIds = add.map((n) => world.users.get(canonicalUserName(n))!.id);
      await this.groups.changeMembers(
        tx,
        actor,
        group,
        addIds,
        remove.map((m) => m.user.id),
      );
      for (const userId of addIds) await own('membership', `${group.id}:${userId}`);
      for (const m of remove) await this.applied.remove('membership', m.objectId, tx);
    }
    for (const g of steps.addGrants) {
      const subject =
        g.user !== undefined
          ? { userId: world.users.get(canonicalUserName(g.user))!.id, groupId: null }
          : { userId: null, groupId: world.groups.get(g.group!)!.id };
      const { grant } = await this.grants.grant(tx, actor, {
        subject,
        privilege: g.role,
        resource: g.resource,
        expiresAt: null,
      });
      await own('grant', grant.id);
    }
    for (const { grant } of steps.removeGrants) {
      await this.grants.remove(tx, actor, grant);
      await this.applied.remove('grant', grant.id, tx);
    }
    for (const group of steps.removeGroups) {
      await this.groups.deleteInTx(tx, actor, group.id);
      await this.applied.remove('group', group.id, tx);
    }
    for (const user of steps.removeUsers) {
      await this.users.deleteInTx(tx, actor, user.id);
      await this.applied.remove('user', user.id, tx);
    }
    for (const row of world.stale) await this.applied.remove(row.kind, row.objectId, tx);
  }
}

/** Users and groups the file refers to that it neither declares nor finds in the database. */
function unknownReferences(d: Declaration, world: World): Problem[] {
  const declaredUsers = new Set(d.users.map((u) => canonicalUserName(u.name)));
  const declaredGroups = new Set(d.groups.map((g) => g.name));
  const knownUser = (name: string) =>
    declaredUsers.has(canonicalUserName(name)) || !!world.users.get(canonicalUserName(name));
  const problems: Problem[] = [];
  for (const g of d.groups) {
    for (const m of g.members) {
      if (!knownUser(m.name))
        problems.push({ ...m.at, message: `unknown user "${m.name}" (declare it under users, or create it first)` });
    }
  }
  for (const g of d.grants) {
    if (g.user !== undefined && !knownUser(g.user)) {
      problems.push({
        ...(g.fields.user ?? g.at),
        message: `unknown user "${g.user}" (declare it under users, or create it first)`,
      });
    }
    if (g.group !== undefined && !declaredGroups.has(g.group) && !world.groups.get(g.group)) {
      problems.push({
        ...(g.fields.group ?? g.at),
        message: `unknown group "${g.group}" (declare it under groups, or create it first)`,
      });
    }
  }
  return problems;
}

/** What to do, and the lines that say it. Grants in force that match the file are left alone (expired ones are re-granted). */
function plan(d: Declaration, world: World): { changes: PlannedChange[]; steps: Steps } {
  const changes: PlannedChange[] = [];
  const steps: Steps = {
    addUsers: [],
    addGroups: [],
    members: new Map(),
    addGrants: [],
    removeGrants: [],
    removeGroups: [],
    removeUsers: [],
  };
  // Anything the file names is kept, even if it is only referred to (a member, a grant's subject).
  const namedUsers = new Set(world.users.keys());
  const namedGroups = new Set(world.groups.keys());

  for (const u of d.users) {
    if (world.users.get(canonicalUserName(u.name))) continue;
    steps.addUsers.push(canonicalUserName(u.name));
    changes.push({ op: '+', kind: 'user', name: canonicalUserName(u.name) });
  }
  for (const user of world.ownedUsers) {
    if (namedUsers.has(user.name)) continue;
    steps.removeUsers.push(user);
    changes.push({ op: '-', kind: 'user', name: user.name });
  }
  const removedGroupIds = new Set(world.ownedGroups.filter((g) => !namedGroups.has(g.name)).map((g) => g.id));
  const removedUserIds = new Set(steps.removeUsers.map((u) => u.id));
  for (const group of world.ownedGroups.filter((g) => removedGroupIds.has(g.id))) {
    steps.removeGroups.push(group);
    changes.push({ op: '-', kind: 'group', name: group.name });
  }

  // Memberships: the declared members are added; those an earlier apply added and the file dropped are removed.
  const declaredMembers = new Map(
    d.groups.map((g) => [g.name, new Set(g.members.map((m) => canonicalUserName(m.name)))]),
  );
  const entry = (name: string) => {
    if (!steps.members.has(name)) steps.members.set(name, { add: [], remove: [] });
    return steps.members.get(name)!;
  };
  for (const g of d.groups) {
    const existing = world.groups.get(g.name);
    if (!existing) steps.addGroups.push(g.name);
    const current = world.memberIds.get(g.name) ?? new Set<string>();
    for (const m of g.members) {
      const user = world.users.get(canonicalUserName(m.name));
      if (user && current.has(user.id)) continue;
      entry(g.name).add.push(canonicalUserName(m.name));
    }
  }
  for (const m of world.ownedMemberships) {
    if (removedGroupIds.has(m.group.id) || removedUserIds.has(m.user.id)) continue;
    if (declaredMembers.get(m.group.name)?.has(m.user.name)) continue;
    entry(m.group.name).remove.push(m);
  }
  for (const g of d.groups.filter((g) => !world.groups.get(g.name))) {
    changes.push({ op: '+', kind: 'group', name: g.name, detail: membersDetail(entry(g.name).add, []) });
  }
  for (const [name, e] of steps.members) {
    if (!world.groups.get(name) && !e.remove.length) continue; // a new group: its members are on its + line
    const detail = membersDetail(
      e.add,
      e.remove.map((m) => m.user.name),
    );
    if (detail) changes.push({ op: '~', kind: 'group', name, detail });
  }

  const declaredGrants = new Set(d.grants.map(grantKey));
  for (const og of world.ownedGrants) {
    if (declaredGrants.has(og.key)) continue;
    if (
      (og.grant.userId && removedUserIds.has(og.grant.userId)) ||
      (og.grant.groupId && removedGroupIds.has(og.grant.groupId))
    )
      continue;
    steps.removeGrants.push(og);
    changes.push({ op: '-', kind: 'grant', name: og.name });
  }
  for (const g of d.grants) {
    if (world.grantsInForce.has(grantKey(g))) continue;
    steps.addGrants.push(g);
    changes.push({ op: '+', kind: 'grant', name: grantName({ ...g, user: g.user && canonicalUserName(g.user) }) });
  }
  return { changes, steps };
}
