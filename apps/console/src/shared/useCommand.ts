import { useMutation } from '@tanstack/react-query';
import { useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import type { AftersaleDataProvider } from '../api/dataProvider';

const STATE_NAMESPACES = ['cancellation', 'return', 'order', 'refund'];

/** Notifies a failed request with its translated problem (docs/api.md "Errors"), never the English detail. */
export function useNotifyProblem() {
  const notify = useNotify();
  const translate = useTranslate();
  return (error: unknown) => {
    const message = error instanceof Error ? error.message : 'problems.unknown';
    const body = (error as { body?: { currentState?: string } }).body;
    const currentState = body?.currentState;
    let state = currentState ?? '';
    if (currentState) {
      for (const ns of STATE_NAMESPACES) {
        const label = translate(`states.${ns}.${currentState}`, { _: '' });
        if (label) {
          state = label;
          break;
        }
      }
    }
    notify(message.startsWith('problems.') || message.startsWith('aftersale.') ? message : 'problems.unknown', {
      type: 'error',
      messageArgs: { state },
    });
  };
}

export interface CommandCall {
  path: string;
  body?: unknown;
  /** translation key notified on success */
  success?: string;
}

/**
 * A command through the dataProvider (pessimistic: the page shows what the server answered). A 202 is
 * notified as "in progress"; the call resolves when /commands/:id reports the outcome, then the page refreshes.
 */
export function useCommand() {
  const dataProvider = useDataProvider<AftersaleDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const notifyProblem = useNotifyProblem();
  const mutation = useMutation({
    mutationFn: ({ path, body }: CommandCall) =>
      dataProvider.command(path, body, {
        onAccepted: () => notify('aftersale.command.in_progress', { type: 'info' }),
      }),
    onSuccess: (_data, call) => {
      if (call.success) notify(call.success, { type: 'success' });
      refresh();
    },
    onError: (error) => {
      notifyProblem(error);
      // an invalid transition means the record moved on: show its current state
      if ((error as { status?: number }).status === 409) refresh();
    },
  });
  return {
    run: (call: CommandCall, options?: { onSuccess?: (data: any) => void }) =>
      mutation.mutate(call, { onSuccess: ({ data }) => options?.onSuccess?.(data) }),
    runAsync: (call: CommandCall) => mutation.mutateAsync(call).then(({ data }) => data),
    isPending: mutation.isPending,
  };
}
