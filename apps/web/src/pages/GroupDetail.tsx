// One group in a drawer: its members (add by name, remove) and the grants the group holds.
import { Button, Table, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useAction } from '../action';
import { DetailDrawer } from '../components/DetailDrawer';
import { api, check, type Schemas } from '../api/client';
import { FormCard } from '../components/FormCard';
import { RowButton } from '../components/RowButton';
import { formatTime, usePaged } from '../paged';
import { ErrorAlert, ListTable } from './parts';

type Group = Schemas['GroupResponse'];
type User = Schemas['UserResponse'];
type Grant = Schemas['GrantResponse'];

export function GroupDetail({ group, onClose }: { group: Group; onClose(): void }) {
  const members = usePaged(
    async (cursor) =>
      check(await api.GET('/api/groups/{id}/users', { params: { path: { id: group.id }, query: { cursor } } })),
    group.id,
  );
  const grants = usePaged(
    async (cursor) => check(await api.GET('/api/grants', { params: { query: { group: group.id, cursor } } })),
    group.id,
  );
  const change = useAction();
  const update = (body: Schemas['UpdateMembersDto']) =>
    change.run(async () => {
      check(await api.PATCH('/api/groups/{id}/users', { params: { path: { id: group.id } }, body }));
      members.reload();
      return true;
    });
  return (
    <DetailDrawer onClose={onClose} title={`Group ${group.name}`}>
      <AddMember add={(name) => update({ usersToAdd: [name] })} />
      <ErrorAlert error={members.error ?? change.error} title="Could not change the members" />
      <ListTable<User>
        caption="Members"
        columns={['Name', 'Last seen', '']}
        items={members.items}
        more={members.more}
        loadMore={members.loadMore}
        empty="No members yet."
        row={(u) => (
          <Table.Tr key={u.id}>
            <Table.Td>{u.name}</Table.Td>
            <Table.Td>{formatTime(u.lastSeenAt)}</Table.Td>
            <Table.Td>
              <RowButton
                label="Remove"
                name={`Remove ${u.name} from ${group.name}`}
                danger
                onClick={() => void update({ usersToRemove: [u.id] })}
              />
            </Table.Td>
          </Table.Tr>
        )}
      />
      <Title order={3} size="h4">
        Grants of the group
      </Title>
      <ErrorAlert error={grants.error} title="Could not load the grants" />
      <ListTable<Grant>
        caption="Grants of the group"
        columns={['Role', 'Resource', 'Expires']}
        items={grants.items}
        more={grants.more}
        loadMore={grants.loadMore}
        empty="The group holds no grants: add one on the Grants page."
        row={(g) => (
          <Table.Tr key={g.id}>
            <Table.Td>{g.privilege}</Table.Td>
            <Table.Td>{g.resource}</Table.Td>
            <Table.Td>{formatTime(g.expiresAt)}</Table.Td>
          </Table.Tr>
        )}
      />
    </DetailDrawer>
  );
}

function AddMember({ add }: { add(name: string): Promise<boolean | undefined> }) {
  const [name, setName] = useState('');
  const action = useAction();
  const submit = () =>
    action.run(async () => {
      if (await add(name)) setName('');
    });
  return (
    <FormCard title="Add a member" action={action} onSubmit={submit}>
      <TextInput label="User name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
      <Button type="submit" loading={action.busy}>
        Add member
      </Button>
    </FormCard>
  );
}
