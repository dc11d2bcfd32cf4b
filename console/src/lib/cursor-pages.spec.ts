import { currentCursor, FIRST_PAGE, nextPage, previousPage } from './cursor-pages';

describe('cursor pages', () => {
  it('walks forward with nextCursor and back through the cursors seen', () => {
    const second = nextPage(FIRST_PAGE, 'c2');
    const third = nextPage(second, 'c3');
    expect(currentCursor(FIRST_PAGE)).toBeNull();
    expect(currentCursor(third)).toBe('c3');
    expect(currentCursor(previousPage(third))).toBe('c2');
    expect(currentCursor(previousPage(previousPage(third)))).toBeNull();
    expect(previousPage(FIRST_PAGE)).toBe(FIRST_PAGE);
  });

  it('stays on the last page when there is no next cursor', () => {
    const second = nextPage(FIRST_PAGE, 'c2');
    expect(nextPage(second, null)).toBe(second);
  });

  it('forgets the pages after the one shown when it goes forward again', () => {
    const back = previousPage(nextPage(nextPage(FIRST_PAGE, 'c2'), 'c3'));
    expect(nextPage(back, 'c3b').cursors).toEqual([null, 'c2', 'c3b']);
  });
});
