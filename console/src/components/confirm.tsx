import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

interface Ask {
  title: string;
  text: string;
  confirmLabel: string;
  resolve(ok: boolean): void;
}

/**
 * A modal confirmation for destructive actions, on the native <dialog> (focus stays inside it,
 * Escape cancels). `confirm` resolves true only when the person presses the confirm button.
 */
export function useConfirm(): [
  preact.JSX.Element | null,
  (title: string, text: string, confirmLabel: string) => Promise<boolean>,
] {
  const [ask, setAsk] = useState<Ask | null>(null);
  const confirm = useCallback(
    (title: string, text: string, confirmLabel: string) =>
      new Promise<boolean>((resolve) => setAsk({ title, text, confirmLabel, resolve })),
    [],
  );
  const element = ask ? (
    <ConfirmDialog
      ask={ask}
      done={(ok) => {
        ask.resolve(ok);
        setAsk(null);
      }}
    />
  ) : null;
  return [element, confirm];
}

function ConfirmDialog({ ask, done }: { ask: Ask; done(ok: boolean): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      dialog.showModal();
    }
    const onCancel = (event: Event) => {
      event.preventDefault();
      done(false);
    };
    dialog?.addEventListener('cancel', onCancel);
    return () => dialog?.removeEventListener('cancel', onCancel);
  }, [done]);
  return (
    <dialog
      ref={ref}
      class="confirm"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-text"
    >
      <h2 id="confirm-title">{ask.title}</h2>
      <p id="confirm-text">{ask.text}</p>
      <div class="actions">
        <button type="button" onClick={() => done(false)} autofocus>
          Cancel
        </button>
        <button type="button" class="danger" onClick={() => done(true)}>
          {ask.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
