// Original file: infra/admin/v1/admin.proto


export interface TokenResponse {
  'token'?: (string);
  'expires'?: (string);
}

export interface TokenResponse__Output {
  'token': (string);
  'expires': (string);
}
