// Original file: infra/admin/v1/admin.proto


export interface UpdateGroupUsersRequest {
  'id'?: (string);
  'usersToAdd'?: (string)[];
  'usersToRemove'?: (string)[];
}

export interface UpdateGroupUsersRequest__Output {
  'id': (string);
  'usersToAdd': (string)[];
  'usersToRemove': (string)[];
}
