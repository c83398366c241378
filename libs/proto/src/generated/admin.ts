import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AccessRequest as _infra_admin_v1_AccessRequest, AccessRequest__Output as _infra_admin_v1_AccessRequest__Output } from './infra/admin/v1/AccessRequest.js';
import type { AuditEvent as _infra_admin_v1_AuditEvent, AuditEvent__Output as _infra_admin_v1_AuditEvent__Output } from './infra/admin/v1/AuditEvent.js';
import type { AuditServiceClient as _infra_admin_v1_AuditServiceClient, AuditServiceDefinition as _infra_admin_v1_AuditServiceDefinition } from './infra/admin/v1/AuditService.js';
import type { AuthServiceClient as _infra_admin_v1_AuthServiceClient, AuthServiceDefinition as _infra_admin_v1_AuthServiceDefinition } from './infra/admin/v1/AuthService.js';
import type { ConnectorCredentials as _infra_admin_v1_ConnectorCredentials, ConnectorCredentials__Output as _infra_admin_v1_ConnectorCredentials__Output } from './infra/admin/v1/ConnectorCredentials.js';
import type { CreateAccessRequest as _infra_admin_v1_CreateAccessRequest, CreateAccessRequest__Output as _infra_admin_v1_CreateAccessRequest__Output } from './infra/admin/v1/CreateAccessRequest.js';
import type { CreateDestinationRequest as _infra_admin_v1_CreateDestinationRequest, CreateDestinationRequest__Output as _infra_admin_v1_CreateDestinationRequest__Output } from './infra/admin/v1/CreateDestinationRequest.js';
import type { CreateDestinationResponse as _infra_admin_v1_CreateDestinationResponse, CreateDestinationResponse__Output as _infra_admin_v1_CreateDestinationResponse__Output } from './infra/admin/v1/CreateDestinationResponse.js';
import type { CreateGrantRequest as _infra_admin_v1_CreateGrantRequest, CreateGrantRequest__Output as _infra_admin_v1_CreateGrantRequest__Output } from './infra/admin/v1/CreateGrantRequest.js';
import type { CreateGroupRequest as _infra_admin_v1_CreateGroupRequest, CreateGroupRequest__Output as _infra_admin_v1_CreateGroupRequest__Output } from './infra/admin/v1/CreateGroupRequest.js';
import type { CreateKeyRequest as _infra_admin_v1_CreateKeyRequest, CreateKeyRequest__Output as _infra_admin_v1_CreateKeyRequest__Output } from './infra/admin/v1/CreateKeyRequest.js';
import type { CreateProviderRequest as _infra_admin_v1_CreateProviderRequest, CreateProviderRequest__Output as _infra_admin_v1_CreateProviderRequest__Output } from './infra/admin/v1/CreateProviderRequest.js';
import type { CreateTokenRequest as _infra_admin_v1_CreateTokenRequest, CreateTokenRequest__Output as _infra_admin_v1_CreateTokenRequest__Output } from './infra/admin/v1/CreateTokenRequest.js';
import type { CreateUserRequest as _infra_admin_v1_CreateUserRequest, CreateUserRequest__Output as _infra_admin_v1_CreateUserRequest__Output } from './infra/admin/v1/CreateUserRequest.js';
import type { DecideRequest as _infra_admin_v1_DecideRequest, DecideRequest__Output as _infra_admin_v1_DecideRequest__Output } from './infra/admin/v1/DecideRequest.js';
import type { DeleteGrantsRequest as _infra_admin_v1_DeleteGrantsRequest, DeleteGrantsRequest__Output as _infra_admin_v1_DeleteGrantsRequest__Output } from './infra/admin/v1/DeleteGrantsRequest.js';
import type { Destination as _infra_admin_v1_Destination, Destination__Output as _infra_admin_v1_Destination__Output } from './infra/admin/v1/Destination.js';
import type { DestinationsServiceClient as _infra_admin_v1_DestinationsServiceClient, DestinationsServiceDefinition as _infra_admin_v1_DestinationsServiceDefinition } from './infra/admin/v1/DestinationsService.js';
import type { Empty as _infra_admin_v1_Empty, Empty__Output as _infra_admin_v1_Empty__Output } from './infra/admin/v1/Empty.js';
import type { Grant as _infra_admin_v1_Grant, Grant__Output as _infra_admin_v1_Grant__Output } from './infra/admin/v1/Grant.js';
import type { GrantsServiceClient as _infra_admin_v1_GrantsServiceClient, GrantsServiceDefinition as _infra_admin_v1_GrantsServiceDefinition } from './infra/admin/v1/GrantsService.js';
import type { Group as _infra_admin_v1_Group, Group__Output as _infra_admin_v1_Group__Output } from './infra/admin/v1/Group.js';
import type { GroupsServiceClient as _infra_admin_v1_GroupsServiceClient, GroupsServiceDefinition as _infra_admin_v1_GroupsServiceDefinition } from './infra/admin/v1/GroupsService.js';
import type { IdRequest as _infra_admin_v1_IdRequest, IdRequest__Output as _infra_admin_v1_IdRequest__Output } from './infra/admin/v1/IdRequest.js';
import type { Jwk as _infra_admin_v1_Jwk, Jwk__Output as _infra_admin_v1_Jwk__Output } from './infra/admin/v1/Jwk.js';
import type { Jwks as _infra_admin_v1_Jwks, Jwks__Output as _infra_admin_v1_Jwks__Output } from './infra/admin/v1/Jwks.js';
import type { Key as _infra_admin_v1_Key, Key__Output as _infra_admin_v1_Key__Output } from './infra/admin/v1/Key.js';
import type { KeysServiceClient as _infra_admin_v1_KeysServiceClient, KeysServiceDefinition as _infra_admin_v1_KeysServiceDefinition } from './infra/admin/v1/KeysService.js';
import type { ListAccessRequestsResponse as _infra_admin_v1_ListAccessRequestsResponse, ListAccessRequestsResponse__Output as _infra_admin_v1_ListAccessRequestsResponse__Output } from './infra/admin/v1/ListAccessRequestsResponse.js';
import type { ListAuditRequest as _infra_admin_v1_ListAuditRequest, ListAuditRequest__Output as _infra_admin_v1_ListAuditRequest__Output } from './infra/admin/v1/ListAuditRequest.js';
import type { ListAuditResponse as _infra_admin_v1_ListAuditResponse, ListAuditResponse__Output as _infra_admin_v1_ListAuditResponse__Output } from './infra/admin/v1/ListAuditResponse.js';
import type { ListDestinationsRequest as _infra_admin_v1_ListDestinationsRequest, ListDestinationsRequest__Output as _infra_admin_v1_ListDestinationsRequest__Output } from './infra/admin/v1/ListDestinationsRequest.js';
import type { ListDestinationsResponse as _infra_admin_v1_ListDestinationsResponse, ListDestinationsResponse__Output as _infra_admin_v1_ListDestinationsResponse__Output } from './infra/admin/v1/ListDestinationsResponse.js';
import type { ListGrantsRequest as _infra_admin_v1_ListGrantsRequest, ListGrantsRequest__Output as _infra_admin_v1_ListGrantsRequest__Output } from './infra/admin/v1/ListGrantsRequest.js';
import type { ListGrantsResponse as _infra_admin_v1_ListGrantsResponse, ListGrantsResponse__Output as _infra_admin_v1_ListGrantsResponse__Output } from './infra/admin/v1/ListGrantsResponse.js';
import type { ListGroupUsersRequest as _infra_admin_v1_ListGroupUsersRequest, ListGroupUsersRequest__Output as _infra_admin_v1_ListGroupUsersRequest__Output } from './infra/admin/v1/ListGroupUsersRequest.js';
import type { ListGroupsRequest as _infra_admin_v1_ListGroupsRequest, ListGroupsRequest__Output as _infra_admin_v1_ListGroupsRequest__Output } from './infra/admin/v1/ListGroupsRequest.js';
import type { ListGroupsResponse as _infra_admin_v1_ListGroupsResponse, ListGroupsResponse__Output as _infra_admin_v1_ListGroupsResponse__Output } from './infra/admin/v1/ListGroupsResponse.js';
import type { ListKeysRequest as _infra_admin_v1_ListKeysRequest, ListKeysRequest__Output as _infra_admin_v1_ListKeysRequest__Output } from './infra/admin/v1/ListKeysRequest.js';
import type { ListKeysResponse as _infra_admin_v1_ListKeysResponse, ListKeysResponse__Output as _infra_admin_v1_ListKeysResponse__Output } from './infra/admin/v1/ListKeysResponse.js';
import type { ListProvidersRequest as _infra_admin_v1_ListProvidersRequest, ListProvidersRequest__Output as _infra_admin_v1_ListProvidersRequest__Output } from './infra/admin/v1/ListProvidersRequest.js';
import type { ListProvidersResponse as _infra_admin_v1_ListProvidersResponse, ListProvidersResponse__Output as _infra_admin_v1_ListProvidersResponse__Output } from './infra/admin/v1/ListProvidersResponse.js';
import type { ListRequestsRequest as _infra_admin_v1_ListRequestsRequest, ListRequestsRequest__Output as _infra_admin_v1_ListRequestsRequest__Output } from './infra/admin/v1/ListRequestsRequest.js';
import type { ListUsersRequest as _infra_admin_v1_ListUsersRequest, ListUsersRequest__Output as _infra_admin_v1_ListUsersRequest__Output } from './infra/admin/v1/ListUsersRequest.js';
import type { ListUsersResponse as _infra_admin_v1_ListUsersResponse, ListUsersResponse__Output as _infra_admin_v1_ListUsersResponse__Output } from './infra/admin/v1/ListUsersResponse.js';
import type { LoginRequest as _infra_admin_v1_LoginRequest, LoginRequest__Output as _infra_admin_v1_LoginRequest__Output } from './infra/admin/v1/LoginRequest.js';
import type { LoginResponse as _infra_admin_v1_LoginResponse, LoginResponse__Output as _infra_admin_v1_LoginResponse__Output } from './infra/admin/v1/LoginResponse.js';
import type { OidcLogin as _infra_admin_v1_OidcLogin, OidcLogin__Output as _infra_admin_v1_OidcLogin__Output } from './infra/admin/v1/OidcLogin.js';
import type { Provider as _infra_admin_v1_Provider, Provider__Output as _infra_admin_v1_Provider__Output } from './infra/admin/v1/Provider.js';
import type { ProvidersServiceClient as _infra_admin_v1_ProvidersServiceClient, ProvidersServiceDefinition as _infra_admin_v1_ProvidersServiceDefinition } from './infra/admin/v1/ProvidersService.js';
import type { RequestsServiceClient as _infra_admin_v1_RequestsServiceClient, RequestsServiceDefinition as _infra_admin_v1_RequestsServiceDefinition } from './infra/admin/v1/RequestsService.js';
import type { SetPasswordRequest as _infra_admin_v1_SetPasswordRequest, SetPasswordRequest__Output as _infra_admin_v1_SetPasswordRequest__Output } from './infra/admin/v1/SetPasswordRequest.js';
import type { SigningKey as _infra_admin_v1_SigningKey, SigningKey__Output as _infra_admin_v1_SigningKey__Output } from './infra/admin/v1/SigningKey.js';
import type { SigningKeys as _infra_admin_v1_SigningKeys, SigningKeys__Output as _infra_admin_v1_SigningKeys__Output } from './infra/admin/v1/SigningKeys.js';
import type { TokenResponse as _infra_admin_v1_TokenResponse, TokenResponse__Output as _infra_admin_v1_TokenResponse__Output } from './infra/admin/v1/TokenResponse.js';
import type { TokensServiceClient as _infra_admin_v1_TokensServiceClient, TokensServiceDefinition as _infra_admin_v1_TokensServiceDefinition } from './infra/admin/v1/TokensService.js';
import type { UpdateGroupUsersRequest as _infra_admin_v1_UpdateGroupUsersRequest, UpdateGroupUsersRequest__Output as _infra_admin_v1_UpdateGroupUsersRequest__Output } from './infra/admin/v1/UpdateGroupUsersRequest.js';
import type { UpdateProviderRequest as _infra_admin_v1_UpdateProviderRequest, UpdateProviderRequest__Output as _infra_admin_v1_UpdateProviderRequest__Output } from './infra/admin/v1/UpdateProviderRequest.js';
import type { User as _infra_admin_v1_User, User__Output as _infra_admin_v1_User__Output } from './infra/admin/v1/User.js';
import type { UsersServiceClient as _infra_admin_v1_UsersServiceClient, UsersServiceDefinition as _infra_admin_v1_UsersServiceDefinition } from './infra/admin/v1/UsersService.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  infra: {
    admin: {
      v1: {
        AccessRequest: MessageTypeDefinition<_infra_admin_v1_AccessRequest, _infra_admin_v1_AccessRequest__Output>
        AuditEvent: MessageTypeDefinition<_infra_admin_v1_AuditEvent, _infra_admin_v1_AuditEvent__Output>
        AuditService: SubtypeConstructor<typeof grpc.Client, _infra_admin_v1_AuditServiceClient> & { service: _infra_admin_v1_AuditServiceDefinition }
        AuthService: SubtypeConstructor<typeof grpc.Client, _infra_admin_v1_AuthServiceClient> & { service: _infra_admin_v1_AuthServiceDefinition }
        ConnectorCredentials: MessageTypeDefinition<_infra_admin_v1_ConnectorCredentials, _infra_admin_v1_ConnectorCredentials__Output>
        CreateAccessRequest: MessageTypeDefinition<_infra_admin_v1_CreateAccessRequest, _infra_admin_v1_CreateAccessRequest__Output>
        CreateDestinationRequest: MessageTypeDefinition<_infra_admin_v1_CreateDestinationRequest, _infra_admin_v1_CreateDestinationRequest__Output>
        CreateDestinationResponse: MessageTypeDefinition<_infra_admin_v1_CreateDestinationResponse, _infra_admin_v1_CreateDestinationResponse__Output>
        CreateGrantRequest: MessageTypeDefinition<_infra_admin_v1_CreateGrantRequest, _infra_admin_v1_CreateGrantRequest__Output>
        CreateGroupRequest: MessageTypeDefinition<_infra_admin_v1_CreateGroupRequest, _infra_admin_v1_CreateGroupRequest__Output>
        CreateKeyRequest: MessageTypeDefinition<_infra_admin_v1_CreateKeyRequest, _infra_admin_v1_CreateKeyRequest__Output>
        CreateProviderRequest: MessageTypeDefinition<_infra_admin_v1_CreateProviderRequest, _infra_admin_v1_CreateProviderRequest__Output>
        CreateTokenRequest: MessageTypeDefinition<_infra_admin_v1_CreateTokenRequest, _infra_admin_v1_CreateTokenRequest__Output>
        CreateUserRequest: MessageTypeDefinition<_infra_admin_v1_CreateUserRequest, _infra_admin_v1_CreateUserRequest__Output>
        DecideRequest: MessageTypeDefinition<_infra_admin_v1_DecideRequest, _infra_admin_v1_DecideRequest__Output>
        DeleteGrantsRequest: MessageTypeDefinition<_infra_admin_v1_DeleteGrantsRequest, _infra_admin_v1_DeleteGrantsRequest__Output>
        Destination: MessageTypeDefinition<_infra_admin_v1_Destination, _infra_admin_v1_Destination__Output>
        DestinationsService: SubtypeConstructor<typeof grpc.Client, _infra_admin_v1_DestinationsServiceClient> & { service: _infra_admin_v1_DestinationsServiceDefinition }
        Empty: MessageTypeDefinition<_infra_admin_v1_Empty, _infra_admin_v1_Empty__Output>
        Grant: MessageTypeDefinition<_infra_admin_v1_Grant, _infra_admin_v1_Grant__Output>
        GrantsService: SubtypeConstructor<typeof grpc.Client, _infra_admin_v1_GrantsServiceClient> & { service: _infra_admin_v1_GrantsServiceDefinition }
        Group: MessageTypeDefinition<_infra_admin_v1_Group, _infra_admin_v1_Group__Output>
        GroupsService: SubtypeConstructor<typeof grpc.Client, _infra_admin_v1_GroupsServiceClient> & { service: _infra_admin_v1_GroupsServiceDefinition }
        IdRequest: MessageTypeDefinition<_infra_admin_v1_IdRequest, _infra_admin_v1_IdRequest__Output>
        Jwk: MessageTypeDefinition<_infra_admin_v1_Jwk, _infra_admin_v1_Jwk__Output>
        Jwks: MessageTypeDefinition<_infra_admin_v1_Jwks, _infra_admin_v1_Jwks__Output>
        Key: MessageTypeDefinition<_infra_admin_v1_Key, _infra_admin_v1_Key__Output>
        KeysService: SubtypeConstructor<typeof grpc.Client, _infra_admin_v1_KeysServiceClient> & { service: _infra_admin_v1_KeysServiceDefinition }
        ListAccessRequestsResponse: MessageTypeDefinition<_infra_admin_v1_ListAccessRequestsResponse, _infra_admin_v1_ListAccessRequestsResponse__Output>
        ListAuditRequest: MessageTypeDefinition<_infra_admin_v1_ListAuditRequest, _infra_admin_v1_ListAuditRequest__Output>
        ListAuditResponse: MessageTypeDefinition<_infra_admin_v1_ListAuditResponse, _infra_admin_v1_ListAuditResponse__Output>
        ListDestinationsRequest: MessageTypeDefinition<_infra_admin_v1_ListDestinationsRequest, _infra_admin_v1_ListDestinationsRequest__Output>
        ListDestinationsResponse: MessageTypeDefinition<_infra_admin_v1_ListDestinationsResponse, _infra_admin_v1_ListDestinationsResponse__Output>
        ListGrantsRequest: MessageTypeDefinition<_infra_admin_v1_ListGrantsRequest, _infra_admin_v1_ListGrantsRequest__Output>
        ListGrantsResponse: MessageTypeDefinition<_infra_admin_v1_ListGrantsResponse, _infra_admin_v1_ListGrantsResponse__Output>
        ListGroupUsersRequest: MessageTypeDefinition<_infra_admin_v1_ListGroupUsersRequest, _infra_admin_v1_ListGroupUsersRequest__Output>
        ListGroupsRequest: MessageTypeDefinition<_infra_admin_v1_ListGroupsRequest, _infra_admin_v1_ListGroupsRequest__Output>
        ListGroupsResponse: MessageTypeDefinition<_infra_admin_v1_ListGroupsResponse, _infra_admin_v1_ListGroupsResponse__Output>
        ListKeysRequest: MessageTypeDefinition<_infra_admin_v1_ListKeysRequest, _infra_admin_v1_ListKeysRequest__Output>
        ListKeysResponse: MessageTypeDefinition<_infra_admin_v1_ListKeysResponse, _infra_admin_v1_ListKeysResponse__Output>
        ListProvidersRequest: MessageTypeDefinition<_infra_admin_v1_ListProvidersRequest, _infra_admin_v1_ListProvidersRequest__Output>
        ListProvidersResponse: MessageTypeDefinition<_infra_admin_v1_ListProvidersResponse, _infra_admin_v1_ListProvidersResponse__Output>
        ListRequestsRequest: MessageTypeDefinition<_infra_admin_v1_ListRequestsRequest, _infra_admin_v1_ListRequestsRequest__Output>
        ListUsersRequest: MessageTypeDefinition<_infra_admin_v1_ListUsersRequest, _infra_admin_v1_ListUsersRequest__Output>
        ListUsersResponse: MessageTypeDefinition<_infra_admin_v1_ListUsersResponse, _infra_admin_v1_ListUsersResponse__Output>
        LoginRequest: MessageTypeDefinition<_infra_admin_v1_LoginRequest, _infra_admin_v1_LoginRequest__Output>
        LoginResponse: MessageTypeDefinition<_infra_admin_v1_LoginResponse, _infra_admin_v1_LoginResponse__Output>
        OidcLogin: MessageTypeDefinition<_infra_admin_v1_OidcLogin, _infra_admin_v1_OidcLogin__Output>
        Provider: MessageTypeDefinition<_infra_admin_v1_Provider, _infra_admin_v1_Provider__Output>
        ProvidersService: SubtypeConstructor<typeof grpc.Client, _infra_admin_v1_ProvidersServiceClient> & { service: _infra_admin_v1_ProvidersServiceDefinition }
        RequestsService: SubtypeConstructor<typeof grpc.Client, _infra_admin_v1_RequestsServiceClient> & { service: _infra_admin_v1_RequestsServiceDefinition }
        SetPasswordRequest: MessageTypeDefinition<_infra_admin_v1_SetPasswordRequest, _infra_admin_v1_SetPasswordRequest__Output>
        SigningKey: MessageTypeDefinition<_infra_admin_v1_SigningKey, _infra_admin_v1_SigningKey__Output>
        SigningKeys: MessageTypeDefinition<_infra_admin_v1_SigningKeys, _infra_admin_v1_SigningKeys__Output>
        TokenResponse: MessageTypeDefinition<_infra_admin_v1_TokenResponse, _infra_admin_v1_TokenResponse__Output>
        TokensService: SubtypeConstructor<typeof grpc.Client, _infra_admin_v1_TokensServiceClient> & { service: _infra_admin_v1_TokensServiceDefinition }
        UpdateGroupUsersRequest: MessageTypeDefinition<_infra_admin_v1_UpdateGroupUsersRequest, _infra_admin_v1_UpdateGroupUsersRequest__Output>
        UpdateProviderRequest: MessageTypeDefinition<_infra_admin_v1_UpdateProviderRequest, _infra_admin_v1_UpdateProviderRequest__Output>
        User: MessageTypeDefinition<_infra_admin_v1_User, _infra_admin_v1_User__Output>
        UsersService: SubtypeConstructor<typeof grpc.Client, _infra_admin_v1_UsersServiceClient> & { service: _infra_admin_v1_UsersServiceDefinition }
      }
    }
  }
}

