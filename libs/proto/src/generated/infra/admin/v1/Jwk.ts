// Original file: infra/admin/v1/admin.proto


export interface Jwk {
  'kid'?: (string);
  'kty'?: (string);
  'crv'?: (string);
  'x'?: (string);
  'y'?: (string);
  'alg'?: (string);
  'use'?: (string);
}

export interface Jwk__Output {
  'kid': (string);
  'kty': (string);
  'crv': (string);
  'x': (string);
  'y': (string);
  'alg': (string);
  'use': (string);
}
