// Original file: infra/admin/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateGrantRequest as _infra_admin_v1_CreateGrantRequest, CreateGrantRequest__Output as _infra_admin_v1_CreateGrantRequest__Output } from '../../../infra/admin/v1/CreateGrantRequest.js';
import type { DeleteGrantsRequest as _infra_admin_v1_DeleteGrantsRequest, DeleteGrantsRequest__Output as _infra_admin_v1_DeleteGrantsRequest__Output } from '../../../infra/admin/v1/DeleteGrantsRequest.js';
import type { Empty as _infra_admin_v1_Empty, Empty__Output as _infra_admin_v1_Empty__Output } from '../../../infra/admin/v1/Empty.js';
import type { Grant as _infra_admin_v1_Grant, Grant__Output as _infra_admin_v1_Grant__Output } from '../../../infra/admin/v1/Grant.js';
import type { IdRequest as _infra_admin_v1_IdRequest, IdRequest__Output as _infra_admin_v1_IdRequest__Output } from '../../../infra/admin/v1/IdRequest.js';
import type { ListGrantsRequest as _infra_admin_v1_ListGrantsRequest, ListGrantsRequest__Output as _infra_admin_v1_ListGrantsRequest__Output } from '../../../infra/admin/v1/ListGrantsRequest.js';
import type { ListGrantsResponse as _infra_admin_v1_ListGrantsResponse, ListGrantsResponse__Output as _infra_admin_v1_ListGrantsResponse__Output } from '../../../infra/admin/v1/ListGrantsResponse.js';

export interface GrantsServiceClient extends grpc.Client {
  CreateGrant(argument: _infra_admin_v1_CreateGrantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Grant__Output>): grpc.ClientUnaryCall;
  CreateGrant(argument: _infra_admin_v1_CreateGrantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Grant__Output>): grpc.ClientUnaryCall;
  CreateGrant(argument: _infra_admin_v1_CreateGrantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Grant__Output>): grpc.ClientUnaryCall;
  CreateGrant(argument: _infra_admin_v1_CreateGrantRequest, callback: grpc.requestCallback<_infra_admin_v1_Grant__Output>): grpc.ClientUnaryCall;
  createGrant(argument: _infra_admin_v1_CreateGrantRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Grant__Output>): grpc.ClientUnaryCall;
  createGrant(argument: _infra_admin_v1_CreateGrantRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Grant__Output>): grpc.ClientUnaryCall;
  createGrant(argument: _infra_admin_v1_CreateGrantRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Grant__Output>): grpc.ClientUnaryCall;
  createGrant(argument: _infra_admin_v1_CreateGrantRequest, callback: grpc.requestCallback<_infra_admin_v1_Grant__Output>): grpc.ClientUnaryCall;
  
  DeleteGrant(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteGrant(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteGrant(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteGrant(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteGrant(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteGrant(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteGrant(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteGrant(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  DeleteGrants(argument: _infra_admin_v1_DeleteGrantsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteGrants(argument: _infra_admin_v1_DeleteGrantsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteGrants(argument: _infra_admin_v1_DeleteGrantsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteGrants(argument: _infra_admin_v1_DeleteGrantsRequest, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteGrants(argument: _infra_admin_v1_DeleteGrantsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteGrants(argument: _infra_admin_v1_DeleteGrantsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteGrants(argument: _infra_admin_v1_DeleteGrantsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteGrants(argument: _infra_admin_v1_DeleteGrantsRequest, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  ListGrants(argument: _infra_admin_v1_ListGrantsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListGrantsResponse__Output>): grpc.ClientUnaryCall;
  ListGrants(argument: _infra_admin_v1_ListGrantsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListGrantsResponse__Output>): grpc.ClientUnaryCall;
  ListGrants(argument: _infra_admin_v1_ListGrantsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListGrantsResponse__Output>): grpc.ClientUnaryCall;
  ListGrants(argument: _infra_admin_v1_ListGrantsRequest, callback: grpc.requestCallback<_infra_admin_v1_ListGrantsResponse__Output>): grpc.ClientUnaryCall;
  listGrants(argument: _infra_admin_v1_ListGrantsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListGrantsResponse__Output>): grpc.ClientUnaryCall;
  listGrants(argument: _infra_admin_v1_ListGrantsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListGrantsResponse__Output>): grpc.ClientUnaryCall;
  listGrants(argument: _infra_admin_v1_ListGrantsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListGrantsResponse__Output>): grpc.ClientUnaryCall;
  listGrants(argument: _infra_admin_v1_ListGrantsRequest, callback: grpc.requestCallback<_infra_admin_v1_ListGrantsResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface GrantsServiceHandlers extends grpc.UntypedServiceImplementation {
  CreateGrant: grpc.handleUnaryCall<_infra_admin_v1_CreateGrantRequest__Output, _infra_admin_v1_Grant>;
  
  DeleteGrant: grpc.handleUnaryCall<_infra_admin_v1_IdRequest__Output, _infra_admin_v1_Empty>;
  
  DeleteGrants: grpc.handleUnaryCall<_infra_admin_v1_DeleteGrantsRequest__Output, _infra_admin_v1_Empty>;
  
  ListGrants: grpc.handleUnaryCall<_infra_admin_v1_ListGrantsRequest__Output, _infra_admin_v1_ListGrantsResponse>;
  
}

export interface GrantsServiceDefinition extends grpc.ServiceDefinition {
  CreateGrant: MethodDefinition<_infra_admin_v1_CreateGrantRequest, _infra_admin_v1_Grant, _infra_admin_v1_CreateGrantRequest__Output, _infra_admin_v1_Grant__Output>
  DeleteGrant: MethodDefinition<_infra_admin_v1_IdRequest, _infra_admin_v1_Empty, _infra_admin_v1_IdRequest__Output, _infra_admin_v1_Empty__Output>
  DeleteGrants: MethodDefinition<_infra_admin_v1_DeleteGrantsRequest, _infra_admin_v1_Empty, _infra_admin_v1_DeleteGrantsRequest__Output, _infra_admin_v1_Empty__Output>
  ListGrants: MethodDefinition<_infra_admin_v1_ListGrantsRequest, _infra_admin_v1_ListGrantsResponse, _infra_admin_v1_ListGrantsRequest__Output, _infra_admin_v1_ListGrantsResponse__Output>
}
