// Original file: infra/admin/v1/admin.proto


export interface Grant {
  'id'?: (string);
  'user'?: (string);
  'userName'?: (string);
  'group'?: (string);
  'groupName'?: (string);
  'privilege'?: (string);
  'resource'?: (string);
  'expiresAt'?: (string);
  'created'?: (string);
  'createdBy'?: (string);
  'wasCreated'?: (boolean);
  '_user'?: "user";
  '_userName'?: "userName";
  '_group'?: "group";
  '_groupName'?: "groupName";
  '_expiresAt'?: "expiresAt";
  '_createdBy'?: "createdBy";
  '_wasCreated'?: "wasCreated";
}

export interface Grant__Output {
  'id': (string);
  'user'?: (string);
  'userName'?: (string);
  'group'?: (string);
  'groupName'?: (string);
  'privilege': (string);
  'resource': (string);
  'expiresAt'?: (string);
  'created': (string);
  'createdBy'?: (string);
  'wasCreated'?: (boolean);
  '_user'?: "user";
  '_userName'?: "userName";
  '_group'?: "group";
  '_groupName'?: "groupName";
  '_expiresAt'?: "expiresAt";
  '_createdBy'?: "createdBy";
  '_wasCreated'?: "wasCreated";
}
