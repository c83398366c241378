import {
  Alert,
  Button,
  Code,
  Group,
  Modal,
  Paper,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { api, check, type Schemas } from '../api/client';
import { formatTime, usePaged } from '../paged';
import { ErrorAlert, ListTable, PageTitle } from './parts';

type User = Schemas['UserResponse'];

export function Users() {
  const [typed, setFilter] = useState('');
  const [filter] = useDebouncedValue(typed.trim(), 300);
  const users = usePaged(
    async (cursor) => check(await api.GET('/api/users', { params: { query: { cursor, name: filter || undefined } } })),
    filter,
  );
  const [removing, setRemoving] = useState<User>();
  return (
    <>
      <PageTitle>Users</PageTitle>
      <AddUser onAdded={users.reload} />
      <TextInput
        label="Show the user named"
        type="search"
        maw={320}
        my="md"
        value={typed}
        onChange={(e) => setFilter(e.currentTarget.value)}
      />
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
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                onClick={() => setRemoving(u)}
                aria-label={`Remove ${u.name}`}
              >
                Remove
              </Button>
            </Table.Td>
          </Table.Tr>
        )}
      />
      {removing && (
        <RemoveUser
          user={removing}
          onClose={(removed) => {
            setRemoving(undefined);
            if (removed) users.reload();
          }}
        />
      )}
    </>
  );
}

function AddUser({ onAdded }: { onAdded(): void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<Schemas['CreatedUserResponse']>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setCreated(undefined);
    try {
      setCreated(check(await api.POST('/api/users', { body: { name, password: password || undefined } })));
      setName('');
      setPassword('');
      onAdded();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Paper withBorder p="md" maw={720}>
      <form onSubmit={(e) => void submit(e)} aria-labelledby="add-user-title">
        <Title order={3} size="h4" id="add-user-title" mb="xs">
          Add a user
        </Title>
        <Group align="end">
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
          <Button type="submit">Add user</Button>
        </Group>
      </form>
      <ErrorAlert error={error} title="Could not add the user" />
      {created && (
        <Alert color="green" my="sm" title={`Added ${created.name}`} role="status">
          {created.oneTimePassword ? (
            <>
              Their one-time password, shown only now:{' '}
              <Code data-testid="one-time-password">{created.oneTimePassword}</Code>. They choose their own when they
              first sign in.
            </>
          ) : (
            'They must change the password you gave when they first sign in.'
          )}
        </Alert>
      )}
    </Paper>
  );
}

function RemoveUser({ user, onClose }: { user: User; onClose(removed: boolean): void }) {
  const [error, setError] = useState<string>();
  const remove = async () => {
    try {
      check(await api.DELETE('/api/users/{id}', { params: { path: { id: user.id } } }));
      onClose(true);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Modal opened onClose={() => onClose(false)} title={`Remove ${user.name}?`}>
      <Stack>
        <Text size="sm">Their grants, access keys and sessions end at once.</Text>
        <ErrorAlert error={error} title="Could not remove the user" />
        <Group justify="end">
          <Button variant="default" onClick={() => onClose(false)}>
            Cancel
          </Button>
          <Button color="red" onClick={() => void remove()}>
            Remove {user.name}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
