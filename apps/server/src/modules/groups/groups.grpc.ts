import type { INestApplicationContext } from '@nestjs/common';
import { PageQuery } from '../../common/pagination.js';
import { adminService, EMPTY, rpc, rpcWithId, type GrpcServiceImpl } from '../../grpc/rpc.js';
import { CreateGroupDto, ListGroupsQuery, UpdateMembersDto } from './dto/group.dto.js';
import { GroupsService } from './groups.service.js';

export function groupsGrpc(app: INestApplicationContext): GrpcServiceImpl {
  const groups = app.get(GroupsService);
  return adminService('GroupsService', {
    ListGroups: rpc('user', ListGroupsQuery, (a, q) => groups.list(a, q)),
    GetGroup: rpcWithId('user', null, (a, id) => groups.get(a, id)),
    CreateGroup: rpc('admin', CreateGroupDto, (a, d) => groups.create(a, d)),
    DeleteGroup: rpcWithId('admin', null, (a, id) => groups.delete(a, id).then(EMPTY)),
    ListGroupUsers: rpcWithId('view', PageQuery, (_, id, page) => groups.members(id, page)),
    UpdateGroupUsers: rpcWithId('admin', UpdateMembersDto, (a, id, d) => groups.updateMembers(a, id, d)),
  });
}
