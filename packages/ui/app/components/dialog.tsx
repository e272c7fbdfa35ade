// A confirmation dialog around a form: the native <dialog> keeps focus inside it and closes on Escape. The action
// runs only on the confirm button; the server's refusal is shown in the dialog, which stays open to try again.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface ActionDialogProps {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  children?: ComponentChildren;
  /** runs the action; a thrown error's message is shown, a returned string is passed to onDone */
  onConfirm(): Promise<string | void>;
  onDone(message: string | void): void;
  onClose(): void;
}

export function ActionDialog({ title, confirmLabel, danger, children, onConfirm, onDone, onClose }: ActionDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const submit = (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    onConfirm().then(
      (message) => {
        setBusy(false);
        onDone(message);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  };
  const titleId = `dialog-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <dialog ref={ref} class="dialog" aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      <form onSubmit={submit}>
        <h2 id={titleId}>{title}</h2>
        <div class="dialog-body">{children}</div>
        {error && (
          <div class="error" role="alert">
            {error}
          </div>
        )}
        <div class="dialog-buttons">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" class={danger ? 'danger' : 'primary'} disabled={busy}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** A labelled field; the label wraps the control so a click or a screen reader finds it. */
export function Field({ label, hint, children }: { label: string; hint?: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      {children}
      {hint && <span class="field-hint">{hint}</span>}
    </label>
  );
}
