// A secret the server hands out once (an access key): shown with a copy button, and the warning that it is not
// shown again.
import { Alert, Button, Code, CopyButton, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export function ShownOnce({ title, secret, children }: { title: string; secret: string; children?: ReactNode }) {
  return (
    <Alert color="green" my="sm" title={title} role="status">
      <Text size="sm" mb="xs">
        Copy it now: it is shown only once.
      </Text>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code data-testid="shown-once" style={{ wordBreak: 'break-all' }}>
          {secret}
        </Code>
        <CopyButton value={secret}>
          {({ copied, copy }) => (
            <Button size="compact-sm" variant="default" onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      {children && (
        <Text size="sm" mt="xs">
          {children}
        </Text>
      )}
    </Alert>
  );
}
