import { decodeShipmentCursor, encodeShipmentCursor, ShipmentCursorError } from './shipment-cursor';

describe('shipment list cursor', () => {
  const position = {
    createdMicros: '1795344054693123',
    id: '4d8f860e-1b2c-4d3e-8f40-5a6b7c8d9e0f',
  };
  const filters = { storeId: null, status: 'pending' };

  it('round-trips the position under the same filters', () => {
    const cursor = encodeShipmentCursor(position, filters);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeShipmentCursor(cursor, { storeId: null, status: 'pending' })).toEqual(position);
  });

  it('refuses a cursor issued for other filters', () => {
    const cursor = encodeShipmentCursor(position, filters);
    const decode = (): unknown => decodeShipmentCursor(cursor, { storeId: null, status: 'sent' });
    expect(decode).toThrow(ShipmentCursorError);
    expect(decode).toThrow(/different filters/);
  });

  it.each([
    'not a cursor!',
    '',
    Buffer.from('1.12.not-a-uuid.0123456789abcdef').toString('base64url'),
    Buffer.from(`2.12.${position.id}.0123456789abcdef`).toString('base64url'),
    Buffer.from(`1.-5.${position.id}.0123456789abcdef`).toString('base64url'),
  ])('refuses %j as malformed', (cursor) => {
    expect(() => decodeShipmentCursor(cursor, filters)).toThrow(
      expect.objectContaining({ problem: 'malformed' }),
    );
  });
});
