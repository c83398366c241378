// Original file: infra/connector/v1/connector.proto


export interface SigningKey {
  'kid'?: (string);
  'publicJwkJson'?: (string);
}

export interface SigningKey__Output {
  'kid': (string);
  'publicJwkJson': (string);
}
