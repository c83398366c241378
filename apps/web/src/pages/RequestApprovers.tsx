// Who may decide access requests for a destination, besides admins: its approver groups (PUT /api/request-approvers/…
// replaces the whole list; an empty list leaves the decisions to admins).
import { Button, Table, TagsInput, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useAction } from '../action';
import { api, check, type Schemas } from '../api/client';
import { FormCard } from '../components/FormCard';
import { RowButton } from '../components/RowButton';
import { ErrorAlert, ListTable } from './parts';

type Approvers = Schemas['ApproversResponse'];

export function RequestApprovers() {
  const [list, setList] = useState<Approvers[]>();
  const [error, setError] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const [form, setForm] = useState<Approvers>({ destination: '', groups: [] });
  const action = useAction();
  useEffect(() => {
    api.GET('/api/request-approvers').then(
      (res) => setList(check(res)),
      (e: Error) => setError(e.message),
    );
  }, [generation]);
  const save = () =>
    action.run(async () => {
      const destination = form.destination.trim();
      const params = { path: { destination } };
      check(await api.PUT('/api/request-approvers/{destination}', { params, body: { groups: form.groups } }));
      setForm({ destination: '', groups: [] });
      setGeneration((g) => g + 1);
    });
  return (
    <>
      <Title order={3} size="h4" mt="lg" mb="xs">
        Approver groups
      </Title>
      <FormCard title="Set approver groups" action={action} onSubmit={save}>
        <TextInput
          label="Destination"
          required
          value={form.destination}
          onChange={(e) => setForm({ ...form, destination: e.currentTarget.value })}
        />
        <TagsInput
          label="Groups"
          description="press Enter after each; none: admins only"
          miw={280}
          value={form.groups}
          onChange={(groups) => setForm({ ...form, groups })}
        />
        <Button type="submit" loading={action.busy}>
          Save
        </Button>
      </FormCard>
      <ErrorAlert error={error} title="Could not load the approver groups" />
      <ListTable<Approvers>
        caption="Approver groups"
        columns={['Destination', 'Groups', '']}
        items={list}
        empty="Only admins decide requests: no destination has approver groups."
        row={(a) => (
          <Table.Tr key={a.destination}>
            <Table.Td>{a.destination}</Table.Td>
            <Table.Td>{a.groups.join(', ')}</Table.Td>
            <Table.Td>
              <RowButton label="Edit" name={`Edit the approvers of ${a.destination}`} onClick={() => setForm(a)} />
            </Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
