// Original file: infra/admin/v1/admin.proto

import type { OidcLogin as _infra_admin_v1_OidcLogin, OidcLogin__Output as _infra_admin_v1_OidcLogin__Output } from '../../../infra/admin/v1/OidcLogin.js';

export interface LoginRequest {
  'accessKey'?: (string);
  'name'?: (string);
  'password'?: (string);
  'oidc'?: (_infra_admin_v1_OidcLogin | null);
  '_accessKey'?: "accessKey";
  '_name'?: "name";
  '_password'?: "password";
  '_oidc'?: "oidc";
}

export interface LoginRequest__Output {
  'accessKey'?: (string);
  'name'?: (string);
  'password'?: (string);
  'oidc'?: (_infra_admin_v1_OidcLogin__Output | null);
  '_accessKey'?: "accessKey";
  '_name'?: "name";
  '_password'?: "password";
  '_oidc'?: "oidc";
}
