// Original file: infra/connector/v1/connector.proto


export interface Registered {
  'destinationId'?: (string);
  'destination'?: (string);
}

export interface Registered__Output {
  'destinationId': (string);
  'destination': (string);
}
