// Original file: infra/connector/v1/connector.proto


export interface User {
  'id'?: (string);
  'name'?: (string);
  'groupIds'?: (string)[];
}

export interface User__Output {
  'id': (string);
  'name': (string);
  'groupIds': (string)[];
}
