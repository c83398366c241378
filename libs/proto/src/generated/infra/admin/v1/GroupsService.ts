// Original file: infra/admin/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateGroupRequest as _infra_admin_v1_CreateGroupRequest, CreateGroupRequest__Output as _infra_admin_v1_CreateGroupRequest__Output } from '../../../infra/admin/v1/CreateGroupRequest.js';
import type { Empty as _infra_admin_v1_Empty, Empty__Output as _infra_admin_v1_Empty__Output } from '../../../infra/admin/v1/Empty.js';
import type { Group as _infra_admin_v1_Group, Group__Output as _infra_admin_v1_Group__Output } from '../../../infra/admin/v1/Group.js';
import type { IdRequest as _infra_admin_v1_IdRequest, IdRequest__Output as _infra_admin_v1_IdRequest__Output } from '../../../infra/admin/v1/IdRequest.js';
import type { ListGroupUsersRequest as _infra_admin_v1_ListGroupUsersRequest, ListGroupUsersRequest__Output as _infra_admin_v1_ListGroupUsersRequest__Output } from '../../../infra/admin/v1/ListGroupUsersRequest.js';
import type { ListGroupsRequest as _infra_admin_v1_ListGroupsRequest, ListGroupsRequest__Output as _infra_admin_v1_ListGroupsRequest__Output } from '../../../infra/admin/v1/ListGroupsRequest.js';
import type { ListGroupsResponse as _infra_admin_v1_ListGroupsResponse, ListGroupsResponse__Output as _infra_admin_v1_ListGroupsResponse__Output } from '../../../infra/admin/v1/ListGroupsResponse.js';
import type { ListUsersResponse as _infra_admin_v1_ListUsersResponse, ListUsersResponse__Output as _infra_admin_v1_ListUsersResponse__Output } from '../../../infra/admin/v1/ListUsersResponse.js';
import type { UpdateGroupUsersRequest as _infra_admin_v1_UpdateGroupUsersRequest, UpdateGroupUsersRequest__Output as _infra_admin_v1_UpdateGroupUsersRequest__Output } from '../../../infra/admin/v1/UpdateGroupUsersRequest.js';

export interface GroupsServiceClient extends grpc.Client {
  CreateGroup(argument: _infra_admin_v1_CreateGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  CreateGroup(argument: _infra_admin_v1_CreateGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  CreateGroup(argument: _infra_admin_v1_CreateGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  CreateGroup(argument: _infra_admin_v1_CreateGroupRequest, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  createGroup(argument: _infra_admin_v1_CreateGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  createGroup(argument: _infra_admin_v1_CreateGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  createGroup(argument: _infra_admin_v1_CreateGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  createGroup(argument: _infra_admin_v1_CreateGroupRequest, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  
  DeleteGroup(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteGroup(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteGroup(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteGroup(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteGroup(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteGroup(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteGroup(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteGroup(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  GetGroup(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  GetGroup(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  GetGroup(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  GetGroup(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  getGroup(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  getGroup(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  getGroup(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  getGroup(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  
  ListGroupUsers(argument: _infra_admin_v1_ListGroupUsersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListGroupUsers(argument: _infra_admin_v1_ListGroupUsersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListGroupUsers(argument: _infra_admin_v1_ListGroupUsersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListGroupUsers(argument: _infra_admin_v1_ListGroupUsersRequest, callback: grpc.requestCallback<_infra_admin_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listGroupUsers(argument: _infra_admin_v1_ListGroupUsersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listGroupUsers(argument: _infra_admin_v1_ListGroupUsersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listGroupUsers(argument: _infra_admin_v1_ListGroupUsersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listGroupUsers(argument: _infra_admin_v1_ListGroupUsersRequest, callback: grpc.requestCallback<_infra_admin_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  
  ListGroups(argument: _infra_admin_v1_ListGroupsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  ListGroups(argument: _infra_admin_v1_ListGroupsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  ListGroups(argument: _infra_admin_v1_ListGroupsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  ListGroups(argument: _infra_admin_v1_ListGroupsRequest, callback: grpc.requestCallback<_infra_admin_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  listGroups(argument: _infra_admin_v1_ListGroupsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  listGroups(argument: _infra_admin_v1_ListGroupsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  listGroups(argument: _infra_admin_v1_ListGroupsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  listGroups(argument: _infra_admin_v1_ListGroupsRequest, callback: grpc.requestCallback<_infra_admin_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateGroupUsers(argument: _infra_admin_v1_UpdateGroupUsersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  UpdateGroupUsers(argument: _infra_admin_v1_UpdateGroupUsersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  UpdateGroupUsers(argument: _infra_admin_v1_UpdateGroupUsersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  UpdateGroupUsers(argument: _infra_admin_v1_UpdateGroupUsersRequest, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  updateGroupUsers(argument: _infra_admin_v1_UpdateGroupUsersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  updateGroupUsers(argument: _infra_admin_v1_UpdateGroupUsersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  updateGroupUsers(argument: _infra_admin_v1_UpdateGroupUsersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  updateGroupUsers(argument: _infra_admin_v1_UpdateGroupUsersRequest, callback: grpc.requestCallback<_infra_admin_v1_Group__Output>): grpc.ClientUnaryCall;
  
}

export interface GroupsServiceHandlers extends grpc.UntypedServiceImplementation {
  CreateGroup: grpc.handleUnaryCall<_infra_admin_v1_CreateGroupRequest__Output, _infra_admin_v1_Group>;
  
  DeleteGroup: grpc.handleUnaryCall<_infra_admin_v1_IdRequest__Output, _infra_admin_v1_Empty>;
  
  GetGroup: grpc.handleUnaryCall<_infra_admin_v1_IdRequest__Output, _infra_admin_v1_Group>;
  
  ListGroupUsers: grpc.handleUnaryCall<_infra_admin_v1_ListGroupUsersRequest__Output, _infra_admin_v1_ListUsersResponse>;
  
  ListGroups: grpc.handleUnaryCall<_infra_admin_v1_ListGroupsRequest__Output, _infra_admin_v1_ListGroupsResponse>;
  
  UpdateGroupUsers: grpc.handleUnaryCall<_infra_admin_v1_UpdateGroupUsersRequest__Output, _infra_admin_v1_Group>;
  
}

export interface GroupsServiceDefinition extends grpc.ServiceDefinition {
  CreateGroup: MethodDefinition<_infra_admin_v1_CreateGroupRequest, _infra_admin_v1_Group, _infra_admin_v1_CreateGroupRequest__Output, _infra_admin_v1_Group__Output>
  DeleteGroup: MethodDefinition<_infra_admin_v1_IdRequest, _infra_admin_v1_Empty, _infra_admin_v1_IdRequest__Output, _infra_admin_v1_Empty__Output>
  GetGroup: MethodDefinition<_infra_admin_v1_IdRequest, _infra_admin_v1_Group, _infra_admin_v1_IdRequest__Output, _infra_admin_v1_Group__Output>
  ListGroupUsers: MethodDefinition<_infra_admin_v1_ListGroupUsersRequest, _infra_admin_v1_ListUsersResponse, _infra_admin_v1_ListGroupUsersRequest__Output, _infra_admin_v1_ListUsersResponse__Output>
  ListGroups: MethodDefinition<_infra_admin_v1_ListGroupsRequest, _infra_admin_v1_ListGroupsResponse, _infra_admin_v1_ListGroupsRequest__Output, _infra_admin_v1_ListGroupsResponse__Output>
  UpdateGroupUsers: MethodDefinition<_infra_admin_v1_UpdateGroupUsersRequest, _infra_admin_v1_Group, _infra_admin_v1_UpdateGroupUsersRequest__Output, _infra_admin_v1_Group__Output>
}
