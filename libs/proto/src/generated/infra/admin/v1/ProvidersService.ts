// Original file: infra/admin/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateProviderRequest as _infra_admin_v1_CreateProviderRequest, CreateProviderRequest__Output as _infra_admin_v1_CreateProviderRequest__Output } from '../../../infra/admin/v1/CreateProviderRequest.js';
import type { Empty as _infra_admin_v1_Empty, Empty__Output as _infra_admin_v1_Empty__Output } from '../../../infra/admin/v1/Empty.js';
import type { IdRequest as _infra_admin_v1_IdRequest, IdRequest__Output as _infra_admin_v1_IdRequest__Output } from '../../../infra/admin/v1/IdRequest.js';
import type { ListProvidersRequest as _infra_admin_v1_ListProvidersRequest, ListProvidersRequest__Output as _infra_admin_v1_ListProvidersRequest__Output } from '../../../infra/admin/v1/ListProvidersRequest.js';
import type { ListProvidersResponse as _infra_admin_v1_ListProvidersResponse, ListProvidersResponse__Output as _infra_admin_v1_ListProvidersResponse__Output } from '../../../infra/admin/v1/ListProvidersResponse.js';
import type { Provider as _infra_admin_v1_Provider, Provider__Output as _infra_admin_v1_Provider__Output } from '../../../infra/admin/v1/Provider.js';
import type { UpdateProviderRequest as _infra_admin_v1_UpdateProviderRequest, UpdateProviderRequest__Output as _infra_admin_v1_UpdateProviderRequest__Output } from '../../../infra/admin/v1/UpdateProviderRequest.js';

export interface ProvidersServiceClient extends grpc.Client {
  CreateProvider(argument: _infra_admin_v1_CreateProviderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  CreateProvider(argument: _infra_admin_v1_CreateProviderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  CreateProvider(argument: _infra_admin_v1_CreateProviderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  CreateProvider(argument: _infra_admin_v1_CreateProviderRequest, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  createProvider(argument: _infra_admin_v1_CreateProviderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  createProvider(argument: _infra_admin_v1_CreateProviderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  createProvider(argument: _infra_admin_v1_CreateProviderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  createProvider(argument: _infra_admin_v1_CreateProviderRequest, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  
  DeleteProvider(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteProvider(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteProvider(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteProvider(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteProvider(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteProvider(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteProvider(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteProvider(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  GetProvider(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  GetProvider(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  GetProvider(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  GetProvider(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  getProvider(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  getProvider(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  getProvider(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  getProvider(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  
  ListProviders(argument: _infra_admin_v1_ListProvidersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListProvidersResponse__Output>): grpc.ClientUnaryCall;
  ListProviders(argument: _infra_admin_v1_ListProvidersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListProvidersResponse__Output>): grpc.ClientUnaryCall;
  ListProviders(argument: _infra_admin_v1_ListProvidersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListProvidersResponse__Output>): grpc.ClientUnaryCall;
  ListProviders(argument: _infra_admin_v1_ListProvidersRequest, callback: grpc.requestCallback<_infra_admin_v1_ListProvidersResponse__Output>): grpc.ClientUnaryCall;
  listProviders(argument: _infra_admin_v1_ListProvidersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListProvidersResponse__Output>): grpc.ClientUnaryCall;
  listProviders(argument: _infra_admin_v1_ListProvidersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListProvidersResponse__Output>): grpc.ClientUnaryCall;
  listProviders(argument: _infra_admin_v1_ListProvidersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListProvidersResponse__Output>): grpc.ClientUnaryCall;
  listProviders(argument: _infra_admin_v1_ListProvidersRequest, callback: grpc.requestCallback<_infra_admin_v1_ListProvidersResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateProvider(argument: _infra_admin_v1_UpdateProviderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  UpdateProvider(argument: _infra_admin_v1_UpdateProviderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  UpdateProvider(argument: _infra_admin_v1_UpdateProviderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  UpdateProvider(argument: _infra_admin_v1_UpdateProviderRequest, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  updateProvider(argument: _infra_admin_v1_UpdateProviderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  updateProvider(argument: _infra_admin_v1_UpdateProviderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  updateProvider(argument: _infra_admin_v1_UpdateProviderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  updateProvider(argument: _infra_admin_v1_UpdateProviderRequest, callback: grpc.requestCallback<_infra_admin_v1_Provider__Output>): grpc.ClientUnaryCall;
  
}

export interface ProvidersServiceHandlers extends grpc.UntypedServiceImplementation {
  CreateProvider: grpc.handleUnaryCall<_infra_admin_v1_CreateProviderRequest__Output, _infra_admin_v1_Provider>;
  
  DeleteProvider: grpc.handleUnaryCall<_infra_admin_v1_IdRequest__Output, _infra_admin_v1_Empty>;
  
  GetProvider: grpc.handleUnaryCall<_infra_admin_v1_IdRequest__Output, _infra_admin_v1_Provider>;
  
  ListProviders: grpc.handleUnaryCall<_infra_admin_v1_ListProvidersRequest__Output, _infra_admin_v1_ListProvidersResponse>;
  
  UpdateProvider: grpc.handleUnaryCall<_infra_admin_v1_UpdateProviderRequest__Output, _infra_admin_v1_Provider>;
  
}

export interface ProvidersServiceDefinition extends grpc.ServiceDefinition {
  CreateProvider: MethodDefinition<_infra_admin_v1_CreateProviderRequest, _infra_admin_v1_Provider, _infra_admin_v1_CreateProviderRequest__Output, _infra_admin_v1_Provider__Output>
  DeleteProvider: MethodDefinition<_infra_admin_v1_IdRequest, _infra_admin_v1_Empty, _infra_admin_v1_IdRequest__Output, _infra_admin_v1_Empty__Output>
  GetProvider: MethodDefinition<_infra_admin_v1_IdRequest, _infra_admin_v1_Provider, _infra_admin_v1_IdRequest__Output, _infra_admin_v1_Provider__Output>
  ListProviders: MethodDefinition<_infra_admin_v1_ListProvidersRequest, _infra_admin_v1_ListProvidersResponse, _infra_admin_v1_ListProvidersRequest__Output, _infra_admin_v1_ListProvidersResponse__Output>
  UpdateProvider: MethodDefinition<_infra_admin_v1_UpdateProviderRequest, _infra_admin_v1_Provider, _infra_admin_v1_UpdateProviderRequest__Output, _infra_admin_v1_Provider__Output>
}
