// Original file: infra/connector/v1/connector.proto


export interface Group {
  'id'?: (string);
  'name'?: (string);
}

export interface Group__Output {
  'id': (string);
  'name': (string);
}
