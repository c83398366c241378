// Original file: infra/admin/v1/admin.proto


export interface SetPasswordRequest {
  'id'?: (string);
  'password'?: (string);
  'oldPassword'?: (string);
  '_oldPassword'?: "oldPassword";
}

export interface SetPasswordRequest__Output {
  'id': (string);
  'password': (string);
  'oldPassword'?: (string);
  '_oldPassword'?: "oldPassword";
}
