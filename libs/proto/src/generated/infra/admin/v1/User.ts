// Original file: infra/admin/v1/admin.proto


export interface User {
  'id'?: (string);
  'name'?: (string);
  'created'?: (string);
  'updated'?: (string);
  'lastSeenAt'?: (string);
  'passwordUpdateRequired'?: (boolean);
  'oneTimePassword'?: (string);
  'provider'?: (string);
  'providerSubject'?: (string);
  '_lastSeenAt'?: "lastSeenAt";
  '_oneTimePassword'?: "oneTimePassword";
  '_provider'?: "provider";
  '_providerSubject'?: "providerSubject";
}

export interface User__Output {
  'id': (string);
  'name': (string);
  'created': (string);
  'updated': (string);
  'lastSeenAt'?: (string);
  'passwordUpdateRequired': (boolean);
  'oneTimePassword'?: (string);
  'provider'?: (string);
  'providerSubject'?: (string);
  '_lastSeenAt'?: "lastSeenAt";
  '_oneTimePassword'?: "oneTimePassword";
  '_provider'?: "provider";
  '_providerSubject'?: "providerSubject";
}
