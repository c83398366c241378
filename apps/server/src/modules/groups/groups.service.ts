import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { callerOf, isViewer, type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../common/errors.js';
import { UUID } from '../../common/names.js';
import type { Page, PageQuery } from '../../common/pagination.js';
import { Database, type Tx } from '../../db/database.js';
import { AuditService } from '../audit/audit.service.js';
import type { DomainEvent } from '../changes/events.js';
import { ChangeProjection } from '../changes/projection.js';
import { userPage, UsersService } from '../users/users.service.js';
import type { UserResponse } from '../users/dto/user.response.js';
import { UsersRepository } from '../users/users.repository.js';
import type { CreateGroupDto, GroupResponse, ListGroupsQuery, UpdateMembersDto } from './dto/group.dto.js';
import type { GroupEntity } from './group.entity.js';
import { GroupsRepository } from './groups.repository.js';

@Injectable()
export class GroupsService {
  constructor(
    private readonly db: Database,
    private readonly groups: GroupsRepository,
    private readonly users: UsersService,
    private readonly usersRepo: UsersRepository,
    private readonly audit: AuditService,
    private readonly events: ChangeProjection,
    private readonly clock: Clock,
  ) {}

  async resolve(ref: string, tx?: Tx): Promise<GroupEntity> {
    const group = UUID.test(ref) ? await this.groups.findById(ref, tx) : await this.groups.findByName(ref, tx);
    if (!group) throw new NotFoundError(`group "${ref}"`);
    return group;
  }

  /** Viewers see every group; a plain user sees only the groups they belong to. */
  async list(actor: Actor, query: ListGroupsQuery): Promise<Page<GroupResponse>> {
    const caller = callerOf(actor);
    if (!isViewer(caller) && query.userID !== undefined && query.userID !== caller.userId) {
      throw new ForbiddenError('you may only list your own groups');
    }
    const userId = isViewer(caller) ? query.userID : caller.userId;
    const page = await this.groups.list({ name: query.name, userId }, query, (g) => g);
    const counts = await this.groups.countMembers(page.items.map((g) => g.id));
    return { ...page, items: page.items.map((g) => toGroupResponse(g, counts.get(g.id) ?? 0)) };
  }

  async get(actor: Actor, id: string): Promise<GroupResponse> {
    const caller = callerOf(actor);
    const group = await this.resolve(id);
    const members = await this.groups.memberIds(group.id);
    if (!isViewer(caller) && !members.includes(caller.userId)) throw new NotFoundError(`group "${id}"`);
    return toGroupResponse(group, members.length);
  }

  async create(actor: Actor, dto: CreateGroupDto): Promise<GroupResponse> {
    return this.db.transaction(async (tx) => toGroupResponse(await this.insert(tx, actor, dto.name), 0));
  }

  /** Creates a group inside a larger transaction (apply); 409 when the name is taken. */
  async insert(tx: Tx, actor: Actor, name: string): Promise<GroupEntity> {
    if (await this.groups.findByName(name, tx)) throw new ConflictError(`a group named "${name}" already exists`);
    const now = this.clock.now();
    const group: GroupEntity = { id: randomUUID(), name, created: now, updated: now };
    await this.groups.insert(group, tx); // no connector hears of it until it holds a grant on its destination
    await this.audit.record(tx, actor, {
      action: 'groups.create',
      targetType: 'group',
      targetId: group.id,
      targetName: group.name,
    });
    return group;
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.db.transaction((tx) => this.deleteInTx(tx, actor, id));
  }

  /** Deletes a group inside a larger transaction (apply). */
  async deleteInTx(tx: Tx, actor: Actor, id: string): Promise<void> {
    const group = await this.resolve(id, tx);
    // Grants and memberships go with the group (ON DELETE CASCADE).
    await this.events.record(tx, { type: 'group_deleted', groupId: group.id }, () => this.groups.delete(group.id, tx));
    await this.audit.record(tx, actor, {
      action: 'groups.delete',
      targetType: 'group',
      targetId: group.id,
      targetName: group.name,
    });
  }

  /** The ids of the group's members. */
  memberIdsOf(tx: Tx, groupId: string): Promise<string[]> {
    return this.groups.memberIds(groupId, tx);
  }

  async members(id: string, page: PageQuery): Promise<Page<UserResponse>> {
    const group = await this.resolve(id);
    return userPage(this.usersRepo, { ids: await this.groups.memberIds(group.id) }, page);
  }

  async updateMembers(actor: Actor, id: string, dto: UpdateMembersDto): Promise<GroupResponse> {
    return this.db.transaction(async (tx) => {
      const group = await this.resolve(id, tx);
      const toAdd = await Promise.all((dto.usersToAdd ?? []).map((ref) => this.users.resolve(ref, tx)));
      const toRemove = await Promise.all((dto.usersToRemove ?? []).map((ref) => this.users.resolve(ref, tx)));
      await this.changeMembers(
        tx,
        actor,
        group,
        toAdd.map((u) => u.id),
        toRemove.map((u) => u.id),
      );
      return toGroupResponse(group, (await this.groups.memberIds(group.id, tx)).length);
    });
  }

  /** Adds and removes members (user ids) inside a larger transaction; what is already so is left as it is. */
  async changeMembers(tx: Tx, actor: Actor, group: GroupEntity, addIds: string[], removeIds: string[]): Promise<void> {
    const event: DomainEvent = { type: 'group_members_changed', groupId: group.id, userIds: [...addIds, ...removeIds] };
    const { added, removed } = await this.events.record(tx, event, async () => ({
      added: await this.groups.addMembers(group.id, addIds, tx),
      removed: await this.groups.removeMembers(group.id, removeIds, tx),
    }));
    if (added.length || removed.length) {
      const now = this.clock.now();
      await this.groups.touch(group.id, now, tx);
      group.updated = now;
      await this.audit.record(tx, actor, {
        action: 'groups.members',
        targetType: 'group',
        targetId: group.id,
        targetName: group.name,
        details: { added, removed },
      });
    }
  }
}

function toGroupResponse(g: GroupEntity, totalUsers: number): GroupResponse {
  return { id: g.id, name: g.name, created: g.created.toISOString(), updated: g.updated.toISOString(), totalUsers };
}
