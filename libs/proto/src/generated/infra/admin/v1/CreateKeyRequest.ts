// Original file: infra/admin/v1/admin.proto


export interface CreateKeyRequest {
  'name'?: (string);
  'userId'?: (string);
  'expiry'?: (number);
  'inactivityTimeout'?: (number);
  '_name'?: "name";
  '_userId'?: "userId";
  '_expiry'?: "expiry";
  '_inactivityTimeout'?: "inactivityTimeout";
}

export interface CreateKeyRequest__Output {
  'name'?: (string);
  'userId'?: (string);
  'expiry'?: (number);
  'inactivityTimeout'?: (number);
  '_name'?: "name";
  '_userId'?: "userId";
  '_expiry'?: "expiry";
  '_inactivityTimeout'?: "inactivityTimeout";
}
