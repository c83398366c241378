// Original file: infra/admin/v1/admin.proto


export interface CreateUserRequest {
  'name'?: (string);
  'password'?: (string);
  '_password'?: "password";
}

export interface CreateUserRequest__Output {
  'name': (string);
  'password'?: (string);
  '_password'?: "password";
}
