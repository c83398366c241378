// Original file: infra/admin/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ListAuditRequest as _infra_admin_v1_ListAuditRequest, ListAuditRequest__Output as _infra_admin_v1_ListAuditRequest__Output } from '../../../infra/admin/v1/ListAuditRequest.js';
import type { ListAuditResponse as _infra_admin_v1_ListAuditResponse, ListAuditResponse__Output as _infra_admin_v1_ListAuditResponse__Output } from '../../../infra/admin/v1/ListAuditResponse.js';

export interface AuditServiceClient extends grpc.Client {
  ListAudit(argument: _infra_admin_v1_ListAuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  ListAudit(argument: _infra_admin_v1_ListAuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  ListAudit(argument: _infra_admin_v1_ListAuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  ListAudit(argument: _infra_admin_v1_ListAuditRequest, callback: grpc.requestCallback<_infra_admin_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  listAudit(argument: _infra_admin_v1_ListAuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  listAudit(argument: _infra_admin_v1_ListAuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  listAudit(argument: _infra_admin_v1_ListAuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  listAudit(argument: _infra_admin_v1_ListAuditRequest, callback: grpc.requestCallback<_infra_admin_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface AuditServiceHandlers extends grpc.UntypedServiceImplementation {
  ListAudit: grpc.handleUnaryCall<_infra_admin_v1_ListAuditRequest__Output, _infra_admin_v1_ListAuditResponse>;
  
}

export interface AuditServiceDefinition extends grpc.ServiceDefinition {
  ListAudit: MethodDefinition<_infra_admin_v1_ListAuditRequest, _infra_admin_v1_ListAuditResponse, _infra_admin_v1_ListAuditRequest__Output, _infra_admin_v1_ListAuditResponse__Output>
}
