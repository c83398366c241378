// Original file: infra/admin/v1/admin.proto


export interface Key {
  'id'?: (string);
  'name'?: (string);
  'userId'?: (string);
  'userName'?: (string);
  'created'?: (string);
  'expires'?: (string);
  'lastUsed'?: (string);
  'inactivityTimeout'?: (number);
  'accessKey'?: (string);
  '_expires'?: "expires";
  '_lastUsed'?: "lastUsed";
  '_inactivityTimeout'?: "inactivityTimeout";
  '_accessKey'?: "accessKey";
}

export interface Key__Output {
  'id': (string);
  'name': (string);
  'userId': (string);
  'userName': (string);
  'created': (string);
  'expires'?: (string);
  'lastUsed'?: (string);
  'inactivityTimeout'?: (number);
  'accessKey'?: (string);
  '_expires'?: "expires";
  '_lastUsed'?: "lastUsed";
  '_inactivityTimeout'?: "inactivityTimeout";
  '_accessKey'?: "accessKey";
}
