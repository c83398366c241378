// Original file: infra/admin/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateKeyRequest as _infra_admin_v1_CreateKeyRequest, CreateKeyRequest__Output as _infra_admin_v1_CreateKeyRequest__Output } from '../../../infra/admin/v1/CreateKeyRequest.js';
import type { Empty as _infra_admin_v1_Empty, Empty__Output as _infra_admin_v1_Empty__Output } from '../../../infra/admin/v1/Empty.js';
import type { IdRequest as _infra_admin_v1_IdRequest, IdRequest__Output as _infra_admin_v1_IdRequest__Output } from '../../../infra/admin/v1/IdRequest.js';
import type { Key as _infra_admin_v1_Key, Key__Output as _infra_admin_v1_Key__Output } from '../../../infra/admin/v1/Key.js';
import type { ListKeysRequest as _infra_admin_v1_ListKeysRequest, ListKeysRequest__Output as _infra_admin_v1_ListKeysRequest__Output } from '../../../infra/admin/v1/ListKeysRequest.js';
import type { ListKeysResponse as _infra_admin_v1_ListKeysResponse, ListKeysResponse__Output as _infra_admin_v1_ListKeysResponse__Output } from '../../../infra/admin/v1/ListKeysResponse.js';

export interface KeysServiceClient extends grpc.Client {
  CreateKey(argument: _infra_admin_v1_CreateKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Key__Output>): grpc.ClientUnaryCall;
  CreateKey(argument: _infra_admin_v1_CreateKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Key__Output>): grpc.ClientUnaryCall;
  CreateKey(argument: _infra_admin_v1_CreateKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Key__Output>): grpc.ClientUnaryCall;
  CreateKey(argument: _infra_admin_v1_CreateKeyRequest, callback: grpc.requestCallback<_infra_admin_v1_Key__Output>): grpc.ClientUnaryCall;
  createKey(argument: _infra_admin_v1_CreateKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Key__Output>): grpc.ClientUnaryCall;
  createKey(argument: _infra_admin_v1_CreateKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Key__Output>): grpc.ClientUnaryCall;
  createKey(argument: _infra_admin_v1_CreateKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Key__Output>): grpc.ClientUnaryCall;
  createKey(argument: _infra_admin_v1_CreateKeyRequest, callback: grpc.requestCallback<_infra_admin_v1_Key__Output>): grpc.ClientUnaryCall;
  
  DeleteKey(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteKey(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteKey(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteKey(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteKey(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteKey(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteKey(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteKey(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  ListKeys(argument: _infra_admin_v1_ListKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListKeysResponse__Output>): grpc.ClientUnaryCall;
  ListKeys(argument: _infra_admin_v1_ListKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListKeysResponse__Output>): grpc.ClientUnaryCall;
  ListKeys(argument: _infra_admin_v1_ListKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListKeysResponse__Output>): grpc.ClientUnaryCall;
  ListKeys(argument: _infra_admin_v1_ListKeysRequest, callback: grpc.requestCallback<_infra_admin_v1_ListKeysResponse__Output>): grpc.ClientUnaryCall;
  listKeys(argument: _infra_admin_v1_ListKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListKeysResponse__Output>): grpc.ClientUnaryCall;
  listKeys(argument: _infra_admin_v1_ListKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListKeysResponse__Output>): grpc.ClientUnaryCall;
  listKeys(argument: _infra_admin_v1_ListKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListKeysResponse__Output>): grpc.ClientUnaryCall;
  listKeys(argument: _infra_admin_v1_ListKeysRequest, callback: grpc.requestCallback<_infra_admin_v1_ListKeysResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface KeysServiceHandlers extends grpc.UntypedServiceImplementation {
  CreateKey: grpc.handleUnaryCall<_infra_admin_v1_CreateKeyRequest__Output, _infra_admin_v1_Key>;
  
  DeleteKey: grpc.handleUnaryCall<_infra_admin_v1_IdRequest__Output, _infra_admin_v1_Empty>;
  
  ListKeys: grpc.handleUnaryCall<_infra_admin_v1_ListKeysRequest__Output, _infra_admin_v1_ListKeysResponse>;
  
}

export interface KeysServiceDefinition extends grpc.ServiceDefinition {
  CreateKey: MethodDefinition<_infra_admin_v1_CreateKeyRequest, _infra_admin_v1_Key, _infra_admin_v1_CreateKeyRequest__Output, _infra_admin_v1_Key__Output>
  DeleteKey: MethodDefinition<_infra_admin_v1_IdRequest, _infra_admin_v1_Empty, _infra_admin_v1_IdRequest__Output, _infra_admin_v1_Empty__Output>
  ListKeys: MethodDefinition<_infra_admin_v1_ListKeysRequest, _infra_admin_v1_ListKeysResponse, _infra_admin_v1_ListKeysRequest__Output, _infra_admin_v1_ListKeysResponse__Output>
}
