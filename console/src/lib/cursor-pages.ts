// Lists are paged with the API's opaque cursors. The cursors of the pages already seen are kept,
// so "Previous" goes back without the API having to page backwards.

export interface CursorPages {
  /** The cursor of each page seen so far; the first page's is null. */
  readonly cursors: readonly (string | null)[];
  /** Index of the page shown. */
  readonly index: number;
}

export const FIRST_PAGE: CursorPages = { cursors: [null], index: 0 };

export function currentCursor(pages: CursorPages): string | null {
  return pages.cursors[pages.index] ?? null;
}

/** The next page, given the current page's nextCursor (unchanged when there is none). */
export function nextPage(pages: CursorPages, nextCursor: string | null): CursorPages {
  if (nextCursor === null) {
    return pages;
  }
  return {
    cursors: [...pages.cursors.slice(0, pages.index + 1), nextCursor],
    index: pages.index + 1,
  };
}

export function previousPage(pages: CursorPages): CursorPages {
  return pages.index === 0 ? pages : { cursors: pages.cursors, index: pages.index - 1 };
}
