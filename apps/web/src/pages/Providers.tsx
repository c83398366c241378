import { Badge, Button, PasswordInput, Select, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useAction } from '../action';
import { api, check, type Schemas } from '../api/client';
import { Confirm } from '../components/Confirm';
import { FormCard } from '../components/FormCard';
import { RowButton } from '../components/RowButton';
import { formatTime, usePaged } from '../paged';
import { ErrorAlert, ListTable, PageTitle } from './parts';

type Provider = Schemas['ProviderResponse'];
type Kind = Provider['kind'];

export function Providers() {
  const providers = usePaged(
    async (cursor) => check(await api.GET('/api/providers', { params: { query: { cursor } } })),
    '',
  );
  const [removing, setRemoving] = useState<Provider>();
  const [editing, setEditing] = useState<Provider>();
  return (
    <>
      <PageTitle>Identity providers</PageTitle>
      <AddProvider onAdded={providers.reload} />
      <ErrorAlert error={providers.error} title="Could not load the identity providers" />
      <ListTable<Provider>
        caption="Identity providers"
        columns={['Name', 'Kind', 'Issuer', 'Groups from', 'Last sync', 'Last error', '']}
        items={providers.items}
        more={providers.more}
        loadMore={providers.loadMore}
        empty="No identity providers: people sign in with a password."
        mt="md"
        row={(p) => (
          <Table.Tr key={p.id}>
            <Table.Td>{p.name}</Table.Td>
            <Table.Td>{p.kind}</Table.Td>
            <Table.Td>{p.url}</Table.Td>
            <Table.Td>{p.directory ? 'directory' : 'ID token'}</Table.Td>
            <Table.Td>{formatTime(p.lastSync)}</Table.Td>
            <Table.Td>
              {p.lastError ? (
                <Badge
                  color="red"
                  variant="light"
                  style={{ textTransform: 'none', whiteSpace: 'normal', height: 'auto' }}
                >
                  {p.lastError}
                </Badge>
              ) : (
                'none'
              )}
            </Table.Td>
            <Table.Td>
              <RowButton label="Edit" name={`Edit provider ${p.name}`} onClick={() => setEditing(p)} />
              <RowButton label="Remove" name={`Remove provider ${p.name}`} danger onClick={() => setRemoving(p)} />
            </Table.Td>
          </Table.Tr>
        )}
      />
      {editing && (
        <EditProvider
          provider={editing}
          onClose={(done) => {
            setEditing(undefined);
            if (done) providers.reload();
          }}
        />
      )}
      {removing && (
        <Confirm
          title={`Remove provider ${removing.name}?`}
          confirm={`Remove ${removing.name}`}
          onConfirm={async () =>
            check(await api.DELETE('/api/providers/{id}', { params: { path: { id: removing.id } } }))
          }
          onClose={(done) => {
            setRemoving(undefined);
            if (done) providers.reload();
          }}
        >
          <Text size="sm">People can no longer sign in with it; the groups it synced lose their members.</Text>
        </Confirm>
      )}
    </>
  );
}

const KINDS: { value: Kind; label: string }[] = [
  { value: 'oidc', label: 'OpenID Connect' },
  { value: 'okta', label: 'Okta' },
  { value: 'google', label: 'Google Workspace' },
  { value: 'azure', label: 'Microsoft Entra ID' },
];

const EMPTY = {
  name: '',
  url: '',
  clientID: '',
  clientSecret: '',
  oktaAPIToken: '',
  googleServiceAccountKey: '',
  googleAdminEmail: '',
  azureTenantID: '',
};

/**
 * Changes a provider in place (PATCH): the issuer and client ID as shown, secrets only when typed (they are never
 * shown, so an empty field keeps the stored one). The server checks the issuer again before it saves.
 */
function EditProvider({ provider, onClose }: { provider: Provider; onClose(done: boolean): void }) {
  const [form, setForm] = useState({ ...EMPTY, url: provider.url, clientID: provider.clientID });
  const field = (key: keyof typeof EMPTY) => ({
    value: form[key],
    onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [key]: e.currentTarget.value }),
  });
  const save = async () => {
    const changed = ([key, v]: [string, string]) => key !== 'name' && v !== '' && v !== provider[key as keyof Provider];
    const body = Object.fromEntries(Object.entries(form).filter(changed));
    check(await api.PATCH('/api/providers/{id}', { params: { path: { id: provider.id } }, body }));
  };
  return (
    <Confirm title={`Edit provider ${provider.name}`} confirm="Save" color="indigo" onConfirm={save} onClose={onClose}>
      <TextInput label="Issuer URL" required {...field('url')} />
      <TextInput label="Client ID" required {...field('clientID')} />
      <PasswordInput
        label="Client secret"
        description="empty: unchanged"
        autoComplete="off"
        {...field('clientSecret')}
      />
      {provider.kind === 'okta' && (
        <PasswordInput
          label="Okta API token"
          description="empty: unchanged"
          autoComplete="off"
          {...field('oktaAPIToken')}
        />
      )}
      {provider.kind === 'google' && (
        <>
          <Textarea
            label="Service account key (JSON)"
            description="empty: unchanged"
            {...field('googleServiceAccountKey')}
          />
          <TextInput label="Workspace admin e-mail" description="empty: unchanged" {...field('googleAdminEmail')} />
        </>
      )}
      {provider.kind === 'azure' && (
        <TextInput label="Tenant ID" description="empty: unchanged" {...field('azureTenantID')} />
      )}
    </Confirm>
  );
}

function AddProvider({ onAdded }: { onAdded(): void }) {
  const [kind, setKind] = useState<Kind>('oidc');
  const [form, setForm] = useState(EMPTY);
  const action = useAction();
  const field = (key: keyof typeof EMPTY) => ({
    value: form[key],
    onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [key]: e.currentTarget.value }),
  });
  const submit = () =>
    action.run(async () => {
      // Empty fields are left out: the server fills in what the kind implies (Google's issuer, Entra ID's).
      const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== ''));
      check(await api.POST('/api/providers', { body: { ...body, kind } as Schemas['CreateProviderDto'] }));
      setForm(EMPTY);
      onAdded();
    });
  return (
    <FormCard title="Add an identity provider" action={action} onSubmit={submit}>
      <Select
        label="Kind"
        data={KINDS}
        value={kind}
        allowDeselect={false}
        onChange={(v) => setKind((v ?? 'oidc') as Kind)}
      />
      <TextInput label="Name" description="infra login --provider NAME" required {...field('name')} />
      <TextInput label="Issuer URL" required={kind === 'oidc' || kind === 'okta'} {...field('url')} />
      <TextInput label="Client ID" required {...field('clientID')} />
      <PasswordInput label="Client secret" required autoComplete="off" {...field('clientSecret')} />
      {kind === 'okta' && <PasswordInput label="Okta API token" autoComplete="off" {...field('oktaAPIToken')} />}
      {kind === 'google' && (
        <>
          <Textarea label="Service account key (JSON)" {...field('googleServiceAccountKey')} />
          <TextInput label="Workspace admin e-mail" {...field('googleAdminEmail')} />
        </>
      )}
      {kind === 'azure' && <TextInput label="Tenant ID" {...field('azureTenantID')} />}
      <Button type="submit" loading={action.busy}>
        Add provider
      </Button>
    </FormCard>
  );
}
