import type { CursorPages } from '../lib/cursor-pages';

/** Previous / next through pages of the API's cursors. */
export function Pager({
  pages,
  nextCursor,
  onPrevious,
  onNext,
  label,
}: {
  pages: CursorPages;
  nextCursor: string | null | undefined;
  onPrevious(): void;
  onNext(): void;
  label: string;
}) {
  // One page only: nothing to page through.
  if (pages.index === 0 && !nextCursor) {
    return null;
  }
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={onPrevious} disabled={pages.index === 0}>
        ← Previous
      </button>
      <span>Page {pages.index + 1}</span>
      <button type="button" onClick={onNext} disabled={!nextCursor}>
        Next →
      </button>
    </nav>
  );
}
