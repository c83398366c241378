// Original file: infra/admin/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AccessRequest as _infra_admin_v1_AccessRequest, AccessRequest__Output as _infra_admin_v1_AccessRequest__Output } from '../../../infra/admin/v1/AccessRequest.js';
import type { CreateAccessRequest as _infra_admin_v1_CreateAccessRequest, CreateAccessRequest__Output as _infra_admin_v1_CreateAccessRequest__Output } from '../../../infra/admin/v1/CreateAccessRequest.js';
import type { DecideRequest as _infra_admin_v1_DecideRequest, DecideRequest__Output as _infra_admin_v1_DecideRequest__Output } from '../../../infra/admin/v1/DecideRequest.js';
import type { ListAccessRequestsResponse as _infra_admin_v1_ListAccessRequestsResponse, ListAccessRequestsResponse__Output as _infra_admin_v1_ListAccessRequestsResponse__Output } from '../../../infra/admin/v1/ListAccessRequestsResponse.js';
import type { ListRequestsRequest as _infra_admin_v1_ListRequestsRequest, ListRequestsRequest__Output as _infra_admin_v1_ListRequestsRequest__Output } from '../../../infra/admin/v1/ListRequestsRequest.js';

export interface RequestsServiceClient extends grpc.Client {
  ApproveRequest(argument: _infra_admin_v1_DecideRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  ApproveRequest(argument: _infra_admin_v1_DecideRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  ApproveRequest(argument: _infra_admin_v1_DecideRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  ApproveRequest(argument: _infra_admin_v1_DecideRequest, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  approveRequest(argument: _infra_admin_v1_DecideRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  approveRequest(argument: _infra_admin_v1_DecideRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  approveRequest(argument: _infra_admin_v1_DecideRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  approveRequest(argument: _infra_admin_v1_DecideRequest, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  
  CancelRequest(argument: _infra_admin_v1_DecideRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  CancelRequest(argument: _infra_admin_v1_DecideRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  CancelRequest(argument: _infra_admin_v1_DecideRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  CancelRequest(argument: _infra_admin_v1_DecideRequest, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  cancelRequest(argument: _infra_admin_v1_DecideRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  cancelRequest(argument: _infra_admin_v1_DecideRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  cancelRequest(argument: _infra_admin_v1_DecideRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  cancelRequest(argument: _infra_admin_v1_DecideRequest, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  
  CreateRequest(argument: _infra_admin_v1_CreateAccessRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  CreateRequest(argument: _infra_admin_v1_CreateAccessRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  CreateRequest(argument: _infra_admin_v1_CreateAccessRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  CreateRequest(argument: _infra_admin_v1_CreateAccessRequest, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  createRequest(argument: _infra_admin_v1_CreateAccessRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  createRequest(argument: _infra_admin_v1_CreateAccessRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  createRequest(argument: _infra_admin_v1_CreateAccessRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  createRequest(argument: _infra_admin_v1_CreateAccessRequest, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  
  DenyRequest(argument: _infra_admin_v1_DecideRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  DenyRequest(argument: _infra_admin_v1_DecideRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  DenyRequest(argument: _infra_admin_v1_DecideRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  DenyRequest(argument: _infra_admin_v1_DecideRequest, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  denyRequest(argument: _infra_admin_v1_DecideRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  denyRequest(argument: _infra_admin_v1_DecideRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  denyRequest(argument: _infra_admin_v1_DecideRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  denyRequest(argument: _infra_admin_v1_DecideRequest, callback: grpc.requestCallback<_infra_admin_v1_AccessRequest__Output>): grpc.ClientUnaryCall;
  
  ListRequests(argument: _infra_admin_v1_ListRequestsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListAccessRequestsResponse__Output>): grpc.ClientUnaryCall;
  ListRequests(argument: _infra_admin_v1_ListRequestsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListAccessRequestsResponse__Output>): grpc.ClientUnaryCall;
  ListRequests(argument: _infra_admin_v1_ListRequestsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListAccessRequestsResponse__Output>): grpc.ClientUnaryCall;
  ListRequests(argument: _infra_admin_v1_ListRequestsRequest, callback: grpc.requestCallback<_infra_admin_v1_ListAccessRequestsResponse__Output>): grpc.ClientUnaryCall;
  listRequests(argument: _infra_admin_v1_ListRequestsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListAccessRequestsResponse__Output>): grpc.ClientUnaryCall;
  listRequests(argument: _infra_admin_v1_ListRequestsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListAccessRequestsResponse__Output>): grpc.ClientUnaryCall;
  listRequests(argument: _infra_admin_v1_ListRequestsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListAccessRequestsResponse__Output>): grpc.ClientUnaryCall;
  listRequests(argument: _infra_admin_v1_ListRequestsRequest, callback: grpc.requestCallback<_infra_admin_v1_ListAccessRequestsResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface RequestsServiceHandlers extends grpc.UntypedServiceImplementation {
  ApproveRequest: grpc.handleUnaryCall<_infra_admin_v1_DecideRequest__Output, _infra_admin_v1_AccessRequest>;
  
  CancelRequest: grpc.handleUnaryCall<_infra_admin_v1_DecideRequest__Output, _infra_admin_v1_AccessRequest>;
  
  CreateRequest: grpc.handleUnaryCall<_infra_admin_v1_CreateAccessRequest__Output, _infra_admin_v1_AccessRequest>;
  
  DenyRequest: grpc.handleUnaryCall<_infra_admin_v1_DecideRequest__Output, _infra_admin_v1_AccessRequest>;
  
  ListRequests: grpc.handleUnaryCall<_infra_admin_v1_ListRequestsRequest__Output, _infra_admin_v1_ListAccessRequestsResponse>;
  
}

export interface RequestsServiceDefinition extends grpc.ServiceDefinition {
  ApproveRequest: MethodDefinition<_infra_admin_v1_DecideRequest, _infra_admin_v1_AccessRequest, _infra_admin_v1_DecideRequest__Output, _infra_admin_v1_AccessRequest__Output>
  CancelRequest: MethodDefinition<_infra_admin_v1_DecideRequest, _infra_admin_v1_AccessRequest, _infra_admin_v1_DecideRequest__Output, _infra_admin_v1_AccessRequest__Output>
  CreateRequest: MethodDefinition<_infra_admin_v1_CreateAccessRequest, _infra_admin_v1_AccessRequest, _infra_admin_v1_CreateAccessRequest__Output, _infra_admin_v1_AccessRequest__Output>
  DenyRequest: MethodDefinition<_infra_admin_v1_DecideRequest, _infra_admin_v1_AccessRequest, _infra_admin_v1_DecideRequest__Output, _infra_admin_v1_AccessRequest__Output>
  ListRequests: MethodDefinition<_infra_admin_v1_ListRequestsRequest, _infra_admin_v1_ListAccessRequestsResponse, _infra_admin_v1_ListRequestsRequest__Output, _infra_admin_v1_ListAccessRequestsResponse__Output>
}
