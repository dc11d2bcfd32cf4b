import { useEffect, useRef, useState } from 'preact/hooks';
import { onUnauthorized } from './api/client';
import { forgetKey, storedKey } from './lib/session';
import { parseRoute, Route } from './lib/routes';
import { ApiKeysScreen } from './screens/api-keys';
import { ExceptionsScreen } from './screens/exceptions';
import { MappingsScreen } from './screens/mappings';
import { OrderScreen } from './screens/order';
import { OrdersScreen } from './screens/orders';
import { ShipmentsScreen } from './screens/shipments';
import { SignIn } from './screens/sign-in';
import { StoreDetailScreen } from './screens/store-detail';
import { StoreFormScreen } from './screens/store-form';
import { StoresScreen } from './screens/stores';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

const NAV: { name: Route['name']; label: string; href: string; also?: Route['name'][] }[] = [
  {
    name: 'stores',
    label: 'Stores',
    href: '#/stores',
    also: ['store', 'store-new', 'store-edit', 'mappings'],
  },
  { name: 'orders', label: 'Orders', href: '#/orders', also: ['order'] },
  { name: 'shipments', label: 'Shipments', href: '#/shipments' },
  { name: 'exceptions', label: 'Exceptions', href: '#/exceptions' },
  { name: 'api-keys', label: 'API keys', href: '#/api-keys' },
];

export function App() {
  const [signedIn, setSignedIn] = useState(() => storedKey() !== null);
  const [signedOutWhy, setSignedOutWhy] = useState<string | undefined>(undefined);
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const firstRoute = useRef(true);

  useEffect(
    () =>
      onUnauthorized((error) => {
        setSignedOutWhy(`The bridge no longer accepts this key: ${error.message}`);
        setSignedIn(false);
      }),
    [],
  );

  // Moving to another screen puts keyboard focus at its start, as a page load would.
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    main.current?.focus();
  }, [route]);

  if (!signedIn) {
    return (
      <SignIn
        notice={signedOutWhy}
        onSignedIn={() => {
          setSignedOutWhy(undefined);
          setSignedIn(true);
        }}
      />
    );
  }
  const signOut = () => {
    forgetKey();
    setSignedOutWhy(undefined);
    setSignedIn(false);
  };
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          main.current?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="#/stores">
          Miva OMS bridge
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => {
              const current = item.name === route.name || (item.also ?? []).includes(route.name);
              return (
                <li key={item.name}>
                  <a href={item.href} aria-current={current ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <button type="button" class="link sign-out" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Screen route={route} />
      </main>
    </>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'stores':
      return <StoresScreen />;
    case 'store-new':
      return <StoreFormScreen />;
    case 'store-edit':
      return <StoreFormScreen storeId={route.storeId} key={route.storeId} />;
    case 'store':
      return <StoreDetailScreen storeId={route.storeId} key={route.storeId} />;
    case 'mappings':
      return <MappingsScreen storeId={route.storeId} key={route.storeId} />;
    case 'order':
      return (
        <OrderScreen
          storeId={route.storeId}
          mivaOrderId={route.mivaOrderId}
          key={`${route.storeId}/${route.mivaOrderId}`}
        />
      );
    case 'orders':
      return <OrdersScreen />;
    case 'shipments':
      return <ShipmentsScreen />;
    case 'exceptions':
      return <ExceptionsScreen />;
    case 'api-keys':
      return <ApiKeysScreen />;
    case 'not-found':
      return (
        <>
          <h1>Not found</h1>
          <p>
            There is no screen at <code>{route.path}</code>. <a href="#/stores">Go to the stores</a>
            .
          </p>
        </>
      );
  }
}
