// Groups as a provider provisions them: provider groups (provider_groups), kept apart from groups made in Infra as
// group sync keeps them. A provider sees and changes only its own groups, and within them only the memberships of
// users it provisioned: a member an admin added by hand is neither shown nor removed. Changes go through
// GroupsService.changeMembers (connectors and audit hear of them there).
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/actor.js';
import { ConflictError, NotFoundError } from '../../common/errors.js';
import { GROUP_NAME, NOT_RESERVED, UUID } from '../../common/names.js';
import { Database, type Tx } from '../../db/database.js';
import type { GroupEntity } from '../groups/group.entity.js';
import { GroupsRepository } from '../groups/groups.repository.js';
import { GroupsService } from '../groups/groups.service.js';
import type { ProviderEntity } from '../providers/provider.entity.js';
import { ScimBadRequest } from './scim-errors.js';
import { ScimRepository } from './scim.repository.js';
import {
  GROUP_SCHEMA,
  groupPatch,
  listResponse,
  parseFilter,
  parseGroup,
  parsePaging,
  parsePatch,
  type GroupChange,
} from './scim-schema.js';

type Members = { id: string; name: string }[] | undefined;

function toScimGroup(g: GroupEntity, members: Members) {
  return {
    schemas: [GROUP_SCHEMA],
    id: g.id,
    displayName: g.name,
    ...(members ? { members: members.map((m) => ({ value: m.id, display: m.name })) } : {}),
    meta: { resourceType: 'Group', created: g.created.toISOString(), lastModified: g.updated.toISOString() },
  };
}

export type ScimGroup = ReturnType<typeof toScimGroup>;

/** Entra asks for groups without their members (excludedAttributes=members): a large group is a large answer. */
function wantsMembers(query: Record<string, unknown>): boolean {
  const excluded = typeof query.excludedAttributes === 'string' ? query.excludedAttributes : '';
  return !excluded.split(',').some((a) => a.trim().toLowerCase() === 'members');
}

@Injectable()
export class ScimGroupsService {
  constructor(
    private readonly db: Database,
    private readonly repo: ScimRepository,
    private readonly groups: GroupsService,
    private readonly groupsRepo: GroupsRepository,
  ) {}

  async list(provider: ProviderEntity, query: Record<string, unknown>) {
    const filter = parseFilter(query.filter, ['displayName']);
    const paging = parsePaging(query);
    const { total, items } = await this.repo.listGroups(provider.id, filter, paging);
    const resources = [];
    for (const g of items)
      resources.push(
        toScimGroup(g, wantsMembers(query) ? await this.repo.provisionedMembers(provider.id, g.id) : undefined),
      );
    return listResponse(total, paging, resources);
  }

  async get(provider: ProviderEntity, id: string, query: Record<string, unknown>): Promise<ScimGroup> {
    const group = await this.find(provider, id);
    return toScimGroup(
      group,
      wantsMembers(query) ? await this.repo.provisionedMembers(provider.id, group.id) : undefined,
    );
  }

  async create(actor: Actor, provider: ProviderEntity, body: unknown): Promise<ScimGroup> {
    const input = parseGroup(body);
    checkName(input.displayName);
    return this.db.transaction(async (tx) => {
      if (await this.groupsRepo.findByName(input.displayName, tx))
        throw new ConflictError(`a group named "${input.displayName}" already exists`);
      const group = await this.groups.insert(tx, actor, input.displayName);
      await this.repo.markGroup(group.id, provider.id, tx);
      return this.update(tx, actor, provider, group, [{ kind: 'replace', members: input.members ?? [] }]);
    });
  }

  /** PUT: displayName must stay (see rename); members are replaced. */
  async replace(actor: Actor, provider: ProviderEntity, id: string, body: unknown): Promise<ScimGroup> {
    const input = parseGroup(body);
    return this.change(actor, provider, id, [
      { kind: 'rename', displayName: input.displayName },
      { kind: 'replace', members: input.members ?? [] },
    ]);
  }

  async patch(actor: Actor, provider: ProviderEntity, id: string, body: unknown): Promise<ScimGroup> {
    return this.change(actor, provider, id, groupPatch(parsePatch(body)));
  }

  async delete(actor: Actor, provider: ProviderEntity, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const group = await this.find(provider, id, tx);
      await this.groups.deleteInTx(tx, actor, group.id);
    });
  }

  private change(actor: Actor, provider: ProviderEntity, id: string, changes: GroupChange[]): Promise<ScimGroup> {
    return this.db.transaction(async (tx) =>
      this.update(tx, actor, provider, await this.find(provider, id, tx), changes),
    );
  }

  private async update(
    tx: Tx,
    actor: Actor,
    provider: ProviderEntity,
    group: GroupEntity,
    changes: GroupChange[],
  ): Promise<ScimGroup> {
    for (const change of changes) {
      // Grants and connectors know groups by name: a rename is a new group (delete and create), not an edit.
      if (change.kind === 'rename') {
        if (change.displayName !== group.name)
          throw new ScimBadRequest('mutability', `displayName cannot change (it is ${group.name})`);
        continue;
      }
      const ids = await this.provisionedUsers(provider, change.members, tx);
      const current = (await this.repo.provisionedMembers(provider.id, group.id, tx)).map((m) => m.id);
      const add = change.kind === 'remove' ? [] : ids;
      const remove =
        change.kind === 'remove' ? ids : change.kind === 'replace' ? current.filter((u) => !ids.includes(u)) : [];
      await this.groups.changeMembers(tx, actor, group, add, remove);
    }
    return toScimGroup(group, await this.repo.provisionedMembers(provider.id, group.id, tx));
  }

  /** Members are named by SCIM user id, and must be users this provider provisioned. */
  private async provisionedUsers(provider: ProviderEntity, ids: string[], tx: Tx): Promise<string[]> {
    const unique = [...new Set(ids)];
    const known = await this.repo.provisioned(
      provider.id,
      unique.filter((i) => UUID.test(i)),
      tx,
    );
    const unknown = unique.filter((i) => !known.has(i));
    if (unknown.length)
      throw new ScimBadRequest(
        'invalidValue',
        `members are not users this provider provisioned: ${unknown.join(', ')}`,
      );
    return unique;
  }

  private async find(provider: ProviderEntity, id: string, tx?: Tx): Promise<GroupEntity> {
    const group = UUID.test(id) ? await this.groupsRepo.findById(id, tx) : null;
    if (!group || (await this.repo.groupOwner(group.id, tx)) !== provider.id) throw new NotFoundError(`group "${id}"`);
    return group;
  }
}

function checkName(name: string): void {
  if (!GROUP_NAME.test(name) || !NOT_RESERVED.test(name))
    throw new ScimBadRequest('invalidValue', 'displayName must be printable ASCII and must not start with "system:"');
}
