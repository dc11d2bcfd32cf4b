import { note, order, PLACED_AT, SETTINGS } from './__fixtures__/miva-order.fixture';
import { mapOrder } from './order.mapper';

describe('order notes', () => {
  it('maps staff and system notes with their time and author', () => {
    const m = mapOrder(
      order({
        notes: [
          note({
            id: 91,
            notetext: 'Order placed via storefront checkout.',
            user_id: 0,
            admin_user: '',
            dtstamp: PLACED_AT + 1,
          }),
          note({
            id: 92,
            notetext: 'VIP customer — include a thank-you card.',
            admin_user: 'admin',
          }),
        ],
      }),
      SETTINGS,
    );
    expect(m.notes).toEqual([
      {
        sourceId: 91,
        text: 'Order placed via storefront checkout.',
        createdAt: '2026-11-18T11:06:41.000Z',
        author: null,
      },
      {
        sourceId: 92,
        text: 'VIP customer — include a thank-you card.',
        createdAt: '2026-11-18T11:16:40.000Z',
        author: 'admin',
      },
    ]);
  });

  it('masks a card number typed into a note', () => {
    const m = mapOrder(
      order({ notes: [note({ id: 93, notetext: 'Card: 5555-5555-5555-4444' })] }),
      SETTINGS,
    );
    expect(m.notes[0]?.text).toBe('Card: ****-****-****-4444');
  });
});
