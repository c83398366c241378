import type { INestApplicationContext } from '@nestjs/common';
import { adminService, beforePasswordChange, EMPTY, rpc, rpcWithId, type GrpcServiceImpl } from '../../grpc/rpc.js';
import { CreateUserDto, UpdateUserDto } from './dto/create-user.dto.js';
import { ListUsersQuery } from './dto/list-users.query.js';
import { UsersService } from './users.service.js';

export function usersGrpc(app: INestApplicationContext): GrpcServiceImpl {
  const users = app.get(UsersService);
  return adminService('UsersService', {
    ListUsers: rpc('view', ListUsersQuery, (_, q) => users.list(q)),
    GetSelf: beforePasswordChange(rpc('user', null, (a) => users.self(a))),
    GetUser: rpcWithId('user', null, (a, id) => users.get(a, id)),
    CreateUser: rpc('admin', CreateUserDto, (a, d) => users.create(a, d)),
    SetPassword: beforePasswordChange(rpcWithId('user', UpdateUserDto, (a, id, d) => users.setPassword(a, id, d))),
    DeleteUser: rpcWithId('admin', null, (a, id) => users.delete(a, id).then(EMPTY)),
  });
}
