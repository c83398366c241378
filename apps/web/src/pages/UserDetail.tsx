// One user in a drawer, for admins: a new one-time password (shown once) and the groups they belong to.
import { Button, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useAction } from '../action';
import { DetailDrawer } from '../components/DetailDrawer';
import { api, check, type Schemas } from '../api/client';
import { Confirm } from '../components/Confirm';
import { FormCard } from '../components/FormCard';
import { RowButton } from '../components/RowButton';
import { ShownOnce } from '../components/ShownOnce';
import { usePaged } from '../paged';
import { ErrorAlert, ListTable } from './parts';

type User = Schemas['UserResponse'];
type Group = Schemas['GroupResponse'];

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** 16 letters and digits from the browser's CSPRNG, like the one-time passwords the server makes up. */
export function oneTimePassword(): string {
  // 248 is the largest multiple of 62 below 256: rejecting the rest keeps every character equally likely.
  const out: string[] = [];
  while (out.length < 16) {
    for (const b of crypto.getRandomValues(new Uint8Array(32)))
      if (b < 248 && out.length < 16) out.push(ALNUM[b % 62]!);
  }
  return out.join('');
}

export function UserDetail({ user, onClose }: { user: User; onClose(): void }) {
  const groups = usePaged(
    async (cursor) => check(await api.GET('/api/groups', { params: { query: { userID: user.id, cursor } } })),
    user.id,
  );
  const change = useAction();
  const members = (group: Group, body: Schemas['UpdateMembersDto']) =>
    change.run(async () => {
      check(await api.PATCH('/api/groups/{id}/users', { params: { path: { id: group.id } }, body }));
      groups.reload();
      return true;
    });
  return (
    <DetailDrawer onClose={onClose} title={`User ${user.name}`}>
      <ResetPassword user={user} />
      <AddToGroup add={(group) => members(group, { usersToAdd: [user.id] })} />
      <ErrorAlert error={groups.error ?? change.error} title="Could not change the groups" />
      <ListTable<Group>
        caption={`Groups of ${user.name}`}
        columns={['Group', 'Members', '']}
        items={groups.items}
        more={groups.more}
        loadMore={groups.loadMore}
        empty="Not in any group."
        row={(g) => (
          <Table.Tr key={g.id}>
            <Table.Td>{g.name}</Table.Td>
            <Table.Td>{g.totalUsers}</Table.Td>
            <Table.Td>
              <RowButton
                label="Remove"
                name={`Remove ${user.name} from ${g.name}`}
                danger
                onClick={() => void members(g, { usersToRemove: [user.id] })}
              />
            </Table.Td>
          </Table.Tr>
        )}
      />
    </DetailDrawer>
  );
}

function AddToGroup({ add }: { add(group: Group): Promise<boolean | undefined> }) {
  const [name, setName] = useState('');
  const action = useAction();
  const submit = () =>
    action.run(async () => {
      const found = check(await api.GET('/api/groups', { params: { query: { name } } })).items[0];
      if (!found) throw new Error(`there is no group named ${name}`);
      if (await add(found)) setName('');
    });
  return (
    <FormCard title="Add to a group" action={action} onSubmit={submit}>
      <TextInput label="Group name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
      <Button type="submit" loading={action.busy}>
        Add to group
      </Button>
    </FormCard>
  );
}

function ResetPassword({ user }: { user: User }) {
  const [asking, setAsking] = useState(false);
  const [password, setPassword] = useState<string>();
  const reset = async () => {
    const chosen = oneTimePassword();
    check(await api.PUT('/api/users/{id}', { params: { path: { id: user.id } }, body: { password: chosen } }));
    setPassword(chosen);
  };
  return (
    <div>
      <Button variant="default" onClick={() => setAsking(true)}>
        Reset password
      </Button>
      {password && (
        <ShownOnce title={`New one-time password of ${user.name}`} secret={password} testId="reset-password">
          <Text size="sm">They choose their own when they next sign in.</Text>
        </ShownOnce>
      )}
      {asking && (
        <Confirm
          title={`Reset the password of ${user.name}?`}
          confirm="Reset password"
          onConfirm={reset}
          onClose={() => setAsking(false)}
        >
          <Text size="sm">They get a one-time password, and their sessions end at once.</Text>
        </Confirm>
      )}
    </div>
  );
}
