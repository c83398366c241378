// Original file: infra/admin/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateTokenRequest as _infra_admin_v1_CreateTokenRequest, CreateTokenRequest__Output as _infra_admin_v1_CreateTokenRequest__Output } from '../../../infra/admin/v1/CreateTokenRequest.js';
import type { Empty as _infra_admin_v1_Empty, Empty__Output as _infra_admin_v1_Empty__Output } from '../../../infra/admin/v1/Empty.js';
import type { Jwks as _infra_admin_v1_Jwks, Jwks__Output as _infra_admin_v1_Jwks__Output } from '../../../infra/admin/v1/Jwks.js';
import type { SigningKeys as _infra_admin_v1_SigningKeys, SigningKeys__Output as _infra_admin_v1_SigningKeys__Output } from '../../../infra/admin/v1/SigningKeys.js';
import type { TokenResponse as _infra_admin_v1_TokenResponse, TokenResponse__Output as _infra_admin_v1_TokenResponse__Output } from '../../../infra/admin/v1/TokenResponse.js';

export interface TokensServiceClient extends grpc.Client {
  CreateToken(argument: _infra_admin_v1_CreateTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_TokenResponse__Output>): grpc.ClientUnaryCall;
  CreateToken(argument: _infra_admin_v1_CreateTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_TokenResponse__Output>): grpc.ClientUnaryCall;
  CreateToken(argument: _infra_admin_v1_CreateTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_TokenResponse__Output>): grpc.ClientUnaryCall;
  CreateToken(argument: _infra_admin_v1_CreateTokenRequest, callback: grpc.requestCallback<_infra_admin_v1_TokenResponse__Output>): grpc.ClientUnaryCall;
  createToken(argument: _infra_admin_v1_CreateTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_TokenResponse__Output>): grpc.ClientUnaryCall;
  createToken(argument: _infra_admin_v1_CreateTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_TokenResponse__Output>): grpc.ClientUnaryCall;
  createToken(argument: _infra_admin_v1_CreateTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_TokenResponse__Output>): grpc.ClientUnaryCall;
  createToken(argument: _infra_admin_v1_CreateTokenRequest, callback: grpc.requestCallback<_infra_admin_v1_TokenResponse__Output>): grpc.ClientUnaryCall;
  
  GetJwks(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Jwks__Output>): grpc.ClientUnaryCall;
  GetJwks(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Jwks__Output>): grpc.ClientUnaryCall;
  GetJwks(argument: _infra_admin_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Jwks__Output>): grpc.ClientUnaryCall;
  GetJwks(argument: _infra_admin_v1_Empty, callback: grpc.requestCallback<_infra_admin_v1_Jwks__Output>): grpc.ClientUnaryCall;
  getJwks(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Jwks__Output>): grpc.ClientUnaryCall;
  getJwks(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Jwks__Output>): grpc.ClientUnaryCall;
  getJwks(argument: _infra_admin_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Jwks__Output>): grpc.ClientUnaryCall;
  getJwks(argument: _infra_admin_v1_Empty, callback: grpc.requestCallback<_infra_admin_v1_Jwks__Output>): grpc.ClientUnaryCall;
  
  ListSigningKeys(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_SigningKeys__Output>): grpc.ClientUnaryCall;
  ListSigningKeys(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_SigningKeys__Output>): grpc.ClientUnaryCall;
  ListSigningKeys(argument: _infra_admin_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_SigningKeys__Output>): grpc.ClientUnaryCall;
  ListSigningKeys(argument: _infra_admin_v1_Empty, callback: grpc.requestCallback<_infra_admin_v1_SigningKeys__Output>): grpc.ClientUnaryCall;
  listSigningKeys(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_SigningKeys__Output>): grpc.ClientUnaryCall;
  listSigningKeys(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_SigningKeys__Output>): grpc.ClientUnaryCall;
  listSigningKeys(argument: _infra_admin_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_SigningKeys__Output>): grpc.ClientUnaryCall;
  listSigningKeys(argument: _infra_admin_v1_Empty, callback: grpc.requestCallback<_infra_admin_v1_SigningKeys__Output>): grpc.ClientUnaryCall;
  
  RotateSigningKey(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_SigningKeys__Output>): grpc.ClientUnaryCall;
  RotateSigningKey(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_SigningKeys__Output>): grpc.ClientUnaryCall;
  RotateSigningKey(argument: _infra_admin_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_SigningKeys__Output>): grpc.ClientUnaryCall;
  RotateSigningKey(argument: _infra_admin_v1_Empty, callback: grpc.requestCallback<_infra_admin_v1_SigningKeys__Output>): grpc.ClientUnaryCall;
  rotateSigningKey(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_SigningKeys__Output>): grpc.ClientUnaryCall;
  rotateSigningKey(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_SigningKeys__Output>): grpc.ClientUnaryCall;
  rotateSigningKey(argument: _infra_admin_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_SigningKeys__Output>): grpc.ClientUnaryCall;
  rotateSigningKey(argument: _infra_admin_v1_Empty, callback: grpc.requestCallback<_infra_admin_v1_SigningKeys__Output>): grpc.ClientUnaryCall;
  
}

export interface TokensServiceHandlers extends grpc.UntypedServiceImplementation {
  CreateToken: grpc.handleUnaryCall<_infra_admin_v1_CreateTokenRequest__Output, _infra_admin_v1_TokenResponse>;
  
  GetJwks: grpc.handleUnaryCall<_infra_admin_v1_Empty__Output, _infra_admin_v1_Jwks>;
  
  ListSigningKeys: grpc.handleUnaryCall<_infra_admin_v1_Empty__Output, _infra_admin_v1_SigningKeys>;
  
  RotateSigningKey: grpc.handleUnaryCall<_infra_admin_v1_Empty__Output, _infra_admin_v1_SigningKeys>;
  
}

export interface TokensServiceDefinition extends grpc.ServiceDefinition {
  CreateToken: MethodDefinition<_infra_admin_v1_CreateTokenRequest, _infra_admin_v1_TokenResponse, _infra_admin_v1_CreateTokenRequest__Output, _infra_admin_v1_TokenResponse__Output>
  GetJwks: MethodDefinition<_infra_admin_v1_Empty, _infra_admin_v1_Jwks, _infra_admin_v1_Empty__Output, _infra_admin_v1_Jwks__Output>
  ListSigningKeys: MethodDefinition<_infra_admin_v1_Empty, _infra_admin_v1_SigningKeys, _infra_admin_v1_Empty__Output, _infra_admin_v1_SigningKeys__Output>
  RotateSigningKey: MethodDefinition<_infra_admin_v1_Empty, _infra_admin_v1_SigningKeys, _infra_admin_v1_Empty__Output, _infra_admin_v1_SigningKeys__Output>
}
