// Original file: infra/admin/v1/admin.proto


export interface LoginRequest {
  'accessKey'?: (string);
  'name'?: (string);
  'password'?: (string);
  '_accessKey'?: "accessKey";
  '_name'?: "name";
  '_password'?: "password";
}

export interface LoginRequest__Output {
  'accessKey'?: (string);
  'name'?: (string);
  'password'?: (string);
  '_accessKey'?: "accessKey";
  '_name'?: "name";
  '_password'?: "password";
}
