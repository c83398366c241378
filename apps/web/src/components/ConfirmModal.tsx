// "Are you sure?" for an action that cannot be undone: the action runs from the dialog, and the API's sentence shows
// there when it fails.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../pages/parts';

interface ConfirmModalProps {
  title: string;
  /** What happens, in a sentence. */
  consequence: string;
  /** The label of the button that does it. */
  action: string;
  run(): Promise<void>;
  onClose(done: boolean): void;
}

export function ConfirmModal({ title, consequence, action, run, onClose }: ConfirmModalProps) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await run();
      onClose(true);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={() => onClose(false)} title={title}>
      <Stack>
        <Text size="sm">{consequence}</Text>
        <ErrorAlert error={error} title={`Could not ${action.toLowerCase()}`} />
        <Group justify="end">
          <Button variant="default" onClick={() => onClose(false)}>
            Cancel
          </Button>
          <Button color="red" loading={busy} onClick={() => void confirm()}>
            {action}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
