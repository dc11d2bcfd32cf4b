import { useRef, useState } from 'preact/hooks';

/** A secret or URL shown once, read-only, with a button that copies it. */
export function CopyField({ label, value, id }: { label: string; value: string; id: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // No clipboard permission (an insecure origin): select it for Ctrl-C instead.
      input.current?.select();
      setCopied('no');
    }
  };
  return (
    <div class="copy-field">
      <label for={id}>{label}</label>
      <div class="row">
        <input
          id={id}
          ref={input}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p class="muted" role="status">
        {copied === 'yes'
          ? 'Copied to the clipboard.'
          : copied === 'no'
            ? 'Selected: press Ctrl-C (⌘-C) to copy.'
            : ''}
      </p>
    </div>
  );
}
