// Original file: infra/admin/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateUserRequest as _infra_admin_v1_CreateUserRequest, CreateUserRequest__Output as _infra_admin_v1_CreateUserRequest__Output } from '../../../infra/admin/v1/CreateUserRequest.js';
import type { Empty as _infra_admin_v1_Empty, Empty__Output as _infra_admin_v1_Empty__Output } from '../../../infra/admin/v1/Empty.js';
import type { IdRequest as _infra_admin_v1_IdRequest, IdRequest__Output as _infra_admin_v1_IdRequest__Output } from '../../../infra/admin/v1/IdRequest.js';
import type { ListUsersRequest as _infra_admin_v1_ListUsersRequest, ListUsersRequest__Output as _infra_admin_v1_ListUsersRequest__Output } from '../../../infra/admin/v1/ListUsersRequest.js';
import type { ListUsersResponse as _infra_admin_v1_ListUsersResponse, ListUsersResponse__Output as _infra_admin_v1_ListUsersResponse__Output } from '../../../infra/admin/v1/ListUsersResponse.js';
import type { SetPasswordRequest as _infra_admin_v1_SetPasswordRequest, SetPasswordRequest__Output as _infra_admin_v1_SetPasswordRequest__Output } from '../../../infra/admin/v1/SetPasswordRequest.js';
import type { User as _infra_admin_v1_User, User__Output as _infra_admin_v1_User__Output } from '../../../infra/admin/v1/User.js';

export interface UsersServiceClient extends grpc.Client {
  CreateUser(argument: _infra_admin_v1_CreateUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  CreateUser(argument: _infra_admin_v1_CreateUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  CreateUser(argument: _infra_admin_v1_CreateUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  CreateUser(argument: _infra_admin_v1_CreateUserRequest, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  createUser(argument: _infra_admin_v1_CreateUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  createUser(argument: _infra_admin_v1_CreateUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  createUser(argument: _infra_admin_v1_CreateUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  createUser(argument: _infra_admin_v1_CreateUserRequest, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  
  DeleteUser(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteUser(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteUser(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteUser(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteUser(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteUser(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteUser(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteUser(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  GetSelf(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  GetSelf(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  GetSelf(argument: _infra_admin_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  GetSelf(argument: _infra_admin_v1_Empty, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  getSelf(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  getSelf(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  getSelf(argument: _infra_admin_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  getSelf(argument: _infra_admin_v1_Empty, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  
  GetUser(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  GetUser(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  getUser(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  getUser(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  getUser(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  getUser(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  
  ListUsers(argument: _infra_admin_v1_ListUsersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListUsers(argument: _infra_admin_v1_ListUsersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListUsers(argument: _infra_admin_v1_ListUsersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListUsers(argument: _infra_admin_v1_ListUsersRequest, callback: grpc.requestCallback<_infra_admin_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _infra_admin_v1_ListUsersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _infra_admin_v1_ListUsersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _infra_admin_v1_ListUsersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _infra_admin_v1_ListUsersRequest, callback: grpc.requestCallback<_infra_admin_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  
  SetPassword(argument: _infra_admin_v1_SetPasswordRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  SetPassword(argument: _infra_admin_v1_SetPasswordRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  SetPassword(argument: _infra_admin_v1_SetPasswordRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  SetPassword(argument: _infra_admin_v1_SetPasswordRequest, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  setPassword(argument: _infra_admin_v1_SetPasswordRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  setPassword(argument: _infra_admin_v1_SetPasswordRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  setPassword(argument: _infra_admin_v1_SetPasswordRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  setPassword(argument: _infra_admin_v1_SetPasswordRequest, callback: grpc.requestCallback<_infra_admin_v1_User__Output>): grpc.ClientUnaryCall;
  
}

export interface UsersServiceHandlers extends grpc.UntypedServiceImplementation {
  CreateUser: grpc.handleUnaryCall<_infra_admin_v1_CreateUserRequest__Output, _infra_admin_v1_User>;
  
  DeleteUser: grpc.handleUnaryCall<_infra_admin_v1_IdRequest__Output, _infra_admin_v1_Empty>;
  
  GetSelf: grpc.handleUnaryCall<_infra_admin_v1_Empty__Output, _infra_admin_v1_User>;
  
  GetUser: grpc.handleUnaryCall<_infra_admin_v1_IdRequest__Output, _infra_admin_v1_User>;
  
  ListUsers: grpc.handleUnaryCall<_infra_admin_v1_ListUsersRequest__Output, _infra_admin_v1_ListUsersResponse>;
  
  SetPassword: grpc.handleUnaryCall<_infra_admin_v1_SetPasswordRequest__Output, _infra_admin_v1_User>;
  
}

export interface UsersServiceDefinition extends grpc.ServiceDefinition {
  CreateUser: MethodDefinition<_infra_admin_v1_CreateUserRequest, _infra_admin_v1_User, _infra_admin_v1_CreateUserRequest__Output, _infra_admin_v1_User__Output>
  DeleteUser: MethodDefinition<_infra_admin_v1_IdRequest, _infra_admin_v1_Empty, _infra_admin_v1_IdRequest__Output, _infra_admin_v1_Empty__Output>
  GetSelf: MethodDefinition<_infra_admin_v1_Empty, _infra_admin_v1_User, _infra_admin_v1_Empty__Output, _infra_admin_v1_User__Output>
  GetUser: MethodDefinition<_infra_admin_v1_IdRequest, _infra_admin_v1_User, _infra_admin_v1_IdRequest__Output, _infra_admin_v1_User__Output>
  ListUsers: MethodDefinition<_infra_admin_v1_ListUsersRequest, _infra_admin_v1_ListUsersResponse, _infra_admin_v1_ListUsersRequest__Output, _infra_admin_v1_ListUsersResponse__Output>
  SetPassword: MethodDefinition<_infra_admin_v1_SetPasswordRequest, _infra_admin_v1_User, _infra_admin_v1_SetPasswordRequest__Output, _infra_admin_v1_User__Output>
}
