// Original file: infra/admin/v1/admin.proto


export interface LoginResponse {
  'userId'?: (string);
  'name'?: (string);
  'accessKey'?: (string);
  'expires'?: (string);
  'passwordUpdateRequired'?: (boolean);
  '_expires'?: "expires";
}

export interface LoginResponse__Output {
  'userId': (string);
  'name': (string);
  'accessKey': (string);
  'expires'?: (string);
  'passwordUpdateRequired': (boolean);
  '_expires'?: "expires";
}
