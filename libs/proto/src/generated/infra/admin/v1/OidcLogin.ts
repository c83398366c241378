// Original file: infra/admin/v1/admin.proto


export interface OidcLogin {
  'provider'?: (string);
  'code'?: (string);
  'state'?: (string);
  'redirectUri'?: (string);
  'iss'?: (string);
  '_iss'?: "iss";
}

export interface OidcLogin__Output {
  'provider': (string);
  'code': (string);
  'state': (string);
  'redirectUri': (string);
  'iss'?: (string);
  '_iss'?: "iss";
}
