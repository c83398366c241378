import { Alert, Button, PasswordInput, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useAction } from '../action';
import { api, check, type Schemas } from '../api/client';
import { Confirm } from '../components/Confirm';
import { FormCard } from '../components/FormCard';
import { RowButton } from '../components/RowButton';
import { useSearch } from '../components/SearchInput';
import { ShownOnce } from '../components/ShownOnce';
import { formatTime, usePaged } from '../paged';
import { ErrorAlert, ListTable, PageTitle } from './parts';
import { UserDetail } from './UserDetail';

type User = Schemas['UserResponse'];

export function Users() {
  const search = useSearch('Show the user named');
  const users = usePaged(
    async (cursor) =>
      check(await api.GET('/api/users', { params: { query: { cursor, name: search.value || undefined } } })),
    search.value,
  );
  const [open, setOpen] = useState<User>();
  const [removing, setRemoving] = useState<User>();
  return (
    <>
      <PageTitle>Users</PageTitle>
      <AddUser onAdded={users.reload} />
      {search.input}
      <ErrorAlert error={users.error} title="Could not load the users" />
      <ListTable<User>
        caption="Users"
        columns={['Name', 'Last seen', 'Created', '']}
        items={users.items}
        more={users.more}
        loadMore={users.loadMore}
        empty="No users match."
        row={(u) => (
          <Table.Tr key={u.id}>
            <Table.Td>
              {u.name}
              {u.passwordUpdateRequired && (
                <Text span size="xs" c="dimmed">
                  {' '}
                  (one-time password)
                </Text>
              )}
            </Table.Td>
            <Table.Td>{formatTime(u.lastSeenAt)}</Table.Td>
            <Table.Td>{formatTime(u.created)}</Table.Td>
            <Table.Td>
              <RowButton
                label="Password and groups"
                name={`Password and groups of ${u.name}`}
                onClick={() => setOpen(u)}
              />
              <RowButton label="Remove" name={`Remove ${u.name}`} danger onClick={() => setRemoving(u)} />
            </Table.Td>
          </Table.Tr>
        )}
      />
      {open && (
        <UserDetail
          user={open}
          onClose={() => {
            setOpen(undefined);
            users.reload();
          }}
        />
      )}
      {removing && (
        <Confirm
          title={`Remove ${removing.name}?`}
          confirm={`Remove ${removing.name}`}
          onConfirm={async () => check(await api.DELETE('/api/users/{id}', { params: { path: { id: removing.id } } }))}
          onClose={(done) => {
            setRemoving(undefined);
            if (done) users.reload();
          }}
        >
          <Text size="sm">Their grants, access keys and sessions end at once.</Text>
        </Confirm>
      )}
    </>
  );
}

function AddUser({ onAdded }: { onAdded(): void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<Schemas['CreatedUserResponse']>();
  const action = useAction();
  const submit = async () => {
    setCreated(undefined);
    await action.run(async () => {
      setCreated(check(await api.POST('/api/users', { body: { name, password: password || undefined } })));
      setName('');
      setPassword('');
      onAdded();
    });
  };
  const result =
    created &&
    (created.oneTimePassword ? (
      <ShownOnce title={`Added ${created.name}`} secret={created.oneTimePassword} testId="one-time-password">
        <Text size="sm">Their one-time password: they choose their own when they first sign in.</Text>
      </ShownOnce>
    ) : (
      <Alert color="green" my="sm" title={`Added ${created.name}`} role="status">
        They must change the password you gave when they first sign in.
      </Alert>
    ));
  return (
    <FormCard
      title="Add a user"
      errorTitle="Could not add the user"
      action={action}
      onSubmit={submit}
      result={result}
      maw={720}
    >
      <TextInput
        label="Name"
        description="an e-mail address for people"
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
      />
      <PasswordInput
        label="One-time password"
        description="left empty, one is made up"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
      />
      <Button type="submit" loading={action.busy}>
        Add user
      </Button>
    </FormCard>
  );
}
