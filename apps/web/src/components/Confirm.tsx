// A dialog that asks before a change takes effect (removing, deciding), shows the API's sentence when it fails and
// closes when it succeeds.
import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useAction } from '../action';
import { ErrorAlert } from '../pages/parts';

interface ConfirmProps {
  title: string;
  /** The confirming button's label, e.g. "Remove bob@example.com". */
  confirm: string;
  color?: string;
  children?: ReactNode;
  onConfirm(): Promise<unknown>;
  /** done: whether the change was made. */
  onClose(done: boolean): void;
}

export function Confirm({ title, confirm, color = 'red', children, onConfirm, onClose }: ConfirmProps) {
  const action = useAction();
  const submit = async () => {
    const done = await action.run(async () => {
      await onConfirm();
      return true;
    });
    if (done) onClose(true);
  };
  return (
    <Modal opened onClose={() => onClose(false)} title={title} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          {children}
          <ErrorAlert error={action.error} title={`Could not ${confirm.toLowerCase()}`} />
          <Group justify="end">
            <Button variant="default" onClick={() => onClose(false)}>
              Cancel
            </Button>
            <Button type="submit" color={color} loading={action.busy}>
              {confirm}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
