import { AppShell, Burger, Button, Center, Group, Loader, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { MouseEvent } from 'react';
import { AccessKeys } from './pages/AccessKeys';
import { ChangePassword } from './pages/ChangePassword';
import { Audit } from './pages/Audit';
import { DeviceApproval } from './pages/DeviceApproval';
import { Destinations } from './pages/Destinations';
import { Grants } from './pages/Grants';
import { Groups } from './pages/Groups';
import { MyAccess } from './pages/MyAccess';
import { Providers } from './pages/Providers';
import { Requests } from './pages/Requests';
import { SignIn } from './pages/SignIn';
import { Users } from './pages/Users';
import { DEVICE_PATH, navigate, PAGES, usePage, type Page } from './route';
import { useSession, type Session } from './session';

export function App() {
  const { session } = useSession();
  if (session === undefined) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (session === null) return <SignIn />;
  if (session.passwordUpdateRequired) return <ChangePassword />;
  if (window.location.pathname === DEVICE_PATH) return <DeviceApproval />;
  return <Shell session={session} />;
}

function Shell({ session }: { session: Session }) {
  const { signOut } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const requested = usePage();
  const admin = session.role === 'admin';
  const pages = PAGES.filter((p) => admin || !p.admin);
  // A plain user who follows a link to an admin page sees their own access instead.
  const page: Page = pages.some((p) => p.page === requested) ? requested : 'access';
  const go = (path: string) => (e: MouseEvent) => {
    e.preventDefault();
    navigate(path);
    close();
  };
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Title order={1} size="h3">
              Infra
            </Title>
          </Group>
          <Group>
            <Text size="sm" c="dimmed">
              {session.name}
            </Text>
            <Button variant="default" size="xs" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Pages">
        {pages.map((p) => (
          <NavLink
            key={p.page}
            href={p.path}
            label={p.label}
            active={p.page === page}
            aria-current={p.page === page ? 'page' : undefined}
            onClick={go(p.path)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {page === 'access' && <MyAccess session={session} />}
        {page === 'keys' && <AccessKeys session={session} />}
        {page === 'users' && <Users />}
        {page === 'grants' && <Grants />}
        {page === 'destinations' && <Destinations />}
        {page === 'groups' && <Groups />}
        {page === 'requests' && <Requests session={session} />}
        {page === 'providers' && <Providers />}
        {page === 'audit' && <Audit />}
      </AppShell.Main>
    </AppShell>
  );
}
