import { href, parseRoute, Route } from './routes';

describe('hash routes', () => {
  const id = '6f1c0f8e-0000-4000-8000-000000000001';

  it.each<[string, Route]>([
    ['', { name: 'stores' }],
    ['#/', { name: 'stores' }],
    ['#/stores', { name: 'stores' }],
    ['#/stores/new', { name: 'store-new' }],
    [`#/stores/${id}`, { name: 'store', storeId: id }],
    [`#/stores/${id}/edit`, { name: 'store-edit', storeId: id }],
    [`#/stores/${id}/mappings`, { name: 'mappings', storeId: id }],
    [`#/stores/${id}/orders/200076`, { name: 'order', storeId: id, mivaOrderId: 200076 }],
    ['#/exceptions?status=open', { name: 'exceptions' }],
    ['#/api-keys', { name: 'api-keys' }],
    ['#/orders', { name: 'orders' }],
    ['#/shipments', { name: 'shipments' }],
  ])('parses %s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('names what it does not know', () => {
    expect(parseRoute('#/stores/x/orders/abc')).toEqual({
      name: 'not-found',
      path: '/stores/x/orders/abc',
    });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'not-found', path: '/nowhere' });
  });

  it('builds the hash it parses', () => {
    const route: Route = { name: 'order', storeId: id, mivaOrderId: 7 };
    expect(parseRoute(href(route))).toEqual(route);
  });
});
