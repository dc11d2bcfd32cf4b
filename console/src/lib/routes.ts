// Hash routes (#/stores/…): the service serves one page at /console, the browser keeps the rest.

export type Route =
  | { name: 'stores' }
  | { name: 'store-new' }
  | { name: 'store'; storeId: string }
  | { name: 'store-edit'; storeId: string }
  | { name: 'mappings'; storeId: string }
  | { name: 'order'; storeId: string; mivaOrderId: number }
  | { name: 'orders' }
  | { name: 'shipments' }
  | { name: 'exceptions' }
  | { name: 'api-keys' }
  | { name: 'not-found'; path: string };

/** The route of a location hash such as `#/stores/<id>/orders/200076`. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const [first, id, sub, subId] = parts;
  switch (first) {
    case undefined:
    case 'stores':
      if (id === undefined) {
        return { name: 'stores' };
      }
      if (id === 'new' && sub === undefined) {
        return { name: 'store-new' };
      }
      if (sub === undefined) {
        return { name: 'store', storeId: id };
      }
      if (sub === 'edit' && subId === undefined) {
        return { name: 'store-edit', storeId: id };
      }
      if (sub === 'mappings' && subId === undefined) {
        return { name: 'mappings', storeId: id };
      }
      if (sub === 'orders' && subId !== undefined && /^\d+$/.test(subId) && parts.length === 4) {
        return { name: 'order', storeId: id, mivaOrderId: Number(subId) };
      }
      break;
    case 'orders':
    case 'shipments':
    case 'exceptions':
    case 'api-keys':
      if (id === undefined) {
        return { name: first };
      }
      break;
    default:
      break;
  }
  return { name: 'not-found', path };
}

/** The hash of a route, for links. */
export function href(route: Exclude<Route, { name: 'not-found' }>): string {
  switch (route.name) {
    case 'stores':
      return '#/stores';
    case 'store-new':
      return '#/stores/new';
    case 'store':
      return `#/stores/${route.storeId}`;
    case 'store-edit':
      return `#/stores/${route.storeId}/edit`;
    case 'mappings':
      return `#/stores/${route.storeId}/mappings`;
    case 'order':
      return `#/stores/${route.storeId}/orders/${route.mivaOrderId}`;
    case 'orders':
    case 'shipments':
    case 'exceptions':
    case 'api-keys':
      return `#/${route.name}`;
  }
}

/** The query part of the hash (`#/exceptions?storeId=…`), for screens' initial filters. */
export function hashQuery(hash: string = location.hash): URLSearchParams {
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}
