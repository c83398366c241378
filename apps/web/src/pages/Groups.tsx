import { Button, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useAction } from '../action';
import { api, check, type Schemas } from '../api/client';
import { Confirm } from '../components/Confirm';
import { FormCard } from '../components/FormCard';
import { RowButton } from '../components/RowButton';
import { useSearch } from '../components/SearchInput';
import { formatTime, usePaged } from '../paged';
import { GroupDetail } from './GroupDetail';
import { ErrorAlert, ListTable, PageTitle } from './parts';

type Group = Schemas['GroupResponse'];

export function Groups() {
  const search = useSearch('Show the group named');
  const groups = usePaged(
    async (cursor) =>
      check(await api.GET('/api/groups', { params: { query: { cursor, name: search.value || undefined } } })),
    search.value,
  );
  const [open, setOpen] = useState<Group>();
  const [removing, setRemoving] = useState<Group>();
  return (
    <>
      <PageTitle>Groups</PageTitle>
      <AddGroup onAdded={groups.reload} />
      {search.input}
      <ErrorAlert error={groups.error} title="Could not load the groups" />
      <ListTable<Group>
        caption="Groups"
        columns={['Name', 'Members', 'Created', '']}
        items={groups.items}
        more={groups.more}
        loadMore={groups.loadMore}
        empty="No groups match."
        row={(g) => (
          <Table.Tr key={g.id}>
            <Table.Td>{g.name}</Table.Td>
            <Table.Td>{g.totalUsers}</Table.Td>
            <Table.Td>{formatTime(g.created)}</Table.Td>
            <Table.Td>
              <RowButton
                label="Members and grants"
                name={`Members and grants of ${g.name}`}
                onClick={() => setOpen(g)}
              />
              <RowButton label="Remove" name={`Remove group ${g.name}`} danger onClick={() => setRemoving(g)} />
            </Table.Td>
          </Table.Tr>
        )}
      />
      {open && (
        <GroupDetail
          group={open}
          onClose={() => {
            setOpen(undefined);
            groups.reload();
          }}
        />
      )}
      {removing && (
        <Confirm
          title={`Remove group ${removing.name}?`}
          confirm={`Remove ${removing.name}`}
          onConfirm={async () => check(await api.DELETE('/api/groups/{id}', { params: { path: { id: removing.id } } }))}
          onClose={(done) => {
            setRemoving(undefined);
            if (done) groups.reload();
          }}
        >
          <Text size="sm">Its members lose the access its grants gave them.</Text>
        </Confirm>
      )}
    </>
  );
}

function AddGroup({ onAdded }: { onAdded(): void }) {
  const [name, setName] = useState('');
  const action = useAction();
  const submit = () =>
    action.run(async () => {
      check(await api.POST('/api/groups', { body: { name } }));
      setName('');
      onAdded();
    });
  return (
    <FormCard title="Add a group" action={action} onSubmit={submit} maw={720}>
      <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
      <Button type="submit" loading={action.busy}>
        Add group
      </Button>
    </FormCard>
  );
}
