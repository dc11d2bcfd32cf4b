import request from 'supertest';
import { StoreEntity } from '../../src/modules/stores/store.entity';
import { insertStore } from '../support/store-fixtures';
import { ADMIN_KEY, bearer, startTestApp, TestApp } from '../support/test-app';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

describe('errors that help: content type, body shape, scopes, bad ids', () => {
  let t: TestApp;
  let store: StoreEntity;

  const call = (method: Method, path: string, key = ADMIN_KEY): request.Test =>
    request(t.server)[method](path).set(bearer(key));

  const keyWith = async (scopes: string[]): Promise<string> => {
    const res = await call('post', '/api/v1/api-keys').send({ name: 'k', scopes }).expect(201);
    return res.body.key as string;
  };

  beforeAll(async () => {
    t = await startTestApp();
    // Nothing listens on port 9: the downloads the sync and the webhook start fail quietly.
    store = await insertStore(t.bridge);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('a body that is not JSON is 415 naming application/json', () => {
    const routes: [Method, string][] = [
      ['post', '/api/v1/api-keys'],
      ['post', '/api/v1/orders/acknowledgements'],
      ['put', '/api/v1/stores/:store/mappings/payments'],
      ['patch', '/api/v1/stores/:store'],
      ['post', '/api/v1/orders/:store/shipments'],
    ];
    it.each(routes)('%s %s with a form body (curl -d)', async (method, path) => {
      const res = await call(method, path.replace(':store', store.id))
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send('orders=1&name=x')
        .expect(415);
      expect(res.body).toEqual({
        error: {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: expect.stringContaining('application/json'),
          details: [],
        },
      });
      expect(res.body.error.message).toContain('application/x-www-form-urlencoded');
    });

    it('text/plain too, and nothing is done', async () => {
      const before = (await call('get', '/api/v1/api-keys').expect(200)).body.length as number;
      await call('post', '/api/v1/api-keys')
        .set('Content-Type', 'text/plain')
        .send('{"name": "x", "scopes": []}')
        .expect(415);
      expect((await call('get', '/api/v1/api-keys').expect(200)).body).toHaveLength(before);
    });

    it('routes that take no body need no content type', async () => {
      await call('post', `/api/v1/stores/${store.id}/remap`).expect(202);
      const rotated = await call('post', `/api/v1/stores/${store.id}/webhook-token`).expect(200);
      await call('post', `/api/v1/stores/${store.id}/sync`).expect(202);

      // The webhook takes any body of any type.
      const webhookUrl = rotated.body.webhookUrl as string;
      for (const [type, body] of [
        ['application/x-www-form-urlencoded', 'Order_ID=1'],
        ['text/plain', 'hello'],
        ['application/xml', '<order id="1"/>'],
      ] as const) {
        await request(t.server).post(webhookUrl).set('Content-Type', type).send(body).expect(202);
      }
    });
  });

  describe('a JSON body of the wrong shape says so in details', () => {
    const wrongShape = (message: string): unknown => ({
      error: {
        code: 'VALIDATION_FAILED',
        message: expect.any(String),
        details: [{ field: 'body', message }],
      },
    });

    it('an object where an array is expected', async () => {
      for (const path of ['mappings/custom-fields', 'mappings/payments']) {
        const res = await call('put', `/api/v1/stores/${store.id}/${path}`).send({}).expect(400);
        expect(res.body).toEqual(wrongShape('a JSON array is expected, got an object'));
      }
    });

    it('an array where an object is expected', async () => {
      const ack = await call('post', '/api/v1/orders/acknowledgements')
        .send([{ id: store.id, revision: 1 }])
        .expect(400);
      expect(ack.body).toEqual(wrongShape('a JSON object is expected, got an array'));
      const key = await call('post', '/api/v1/api-keys').send([]).expect(400);
      expect(key.body).toEqual(wrongShape('a JSON object is expected, got an array'));
    });

    it('elements of an array body are named by index', async () => {
      const res = await call('put', `/api/v1/stores/${store.id}/mappings/custom-fields`)
        .send([
          { mivaField: 'customfields:a', omsField: 'a' },
          7,
          { mivaField: 'x', omsField: 'b' },
        ])
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details).toEqual([
        { field: '[1]', message: 'a JSON object is expected, got a number' },
        { field: '[2].mivaField', message: expect.stringContaining('mivaField') },
      ]);
    });
  });

  describe('a 403 names the scope the key lacks', () => {
    it.each([
      [['orders:read'], 'post', '/api/v1/orders/acknowledgements', 'the scope orders:ack'],
      [['orders:ack'], 'get', '/api/v1/orders', 'the scope orders:read'],
      [['orders:read'], 'get', '/api/v1/inventory/adjustments', 'the scope inventory:write'],
      [['inventory:write'], 'get', '/api/v1/stores', 'one of config:write, orders:read'],
      [['config:write'], 'get', '/api/v1/api-keys', 'the admin key'],
    ] as const)('%j on %s %s', async (scopes, method, path, named) => {
      const res = await call(method, path, await keyWith([...scopes])).expect(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect(res.body.error.message).toContain(named);
    });

    it('on a route with a store id too', async () => {
      const key = await keyWith(['orders:read']);
      const res = await call('get', `/api/v1/stores/${store.id}/mappings/payments`, key).expect(
        403,
      );
      expect(res.body.error.message).toBe('This API key lacks the scope config:write');
    });
  });

  it('the OpenAPI spec gives every keyed route the bearer scheme and a 403 naming its scope', async () => {
    type Operation = {
      security?: Record<string, string[]>[];
      responses: Record<string, { description: string }>;
    };
    const spec = (await request(t.server).get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    const keyed = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith('/api/v1/') && !path.startsWith('/api/v1/webhooks/'))
      .flatMap(([path, operations]) =>
        Object.entries(operations).map(([method, op]) => ({ at: `${method} ${path}`, op })),
      );
    expect(keyed.length).toBeGreaterThan(15);
    for (const { at, op } of keyed) {
      expect({ at, security: op.security }).toEqual({ at, security: [{ bearer: [] }] });
      expect({ at, has401: '401' in op.responses }).toEqual({ at, has401: true });
      expect({ at, forbidden: op.responses['403']?.description }).toEqual({
        at,
        forbidden: expect.stringMatching(
          /^(Not the admin key|The key (lacks|holds none of) the scope)/,
        ),
      });
    }
    const forbidden = (path: string, method: string): string | undefined =>
      spec.paths[path]?.[method]?.responses['403']?.description;
    expect(forbidden('/api/v1/orders/acknowledgements', 'post')).toBe(
      'The key lacks the scope orders:ack',
    );
    expect(forbidden('/api/v1/stores/{id}', 'get')).toBe(
      'The key holds none of the scopes config:write, orders:read',
    );
    expect(forbidden('/api/v1/api-keys', 'post')).toBe('Not the admin key');
  });

  describe('a bad id gets the same answer on every route', () => {
    const badId = {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'The request is invalid',
        details: [{ field: 'id', message: 'id must be a UUID' }],
      },
    };
    // Every row has three entries: jest.each hands a shorter row a `done` callback.
    const routes: [Method, string, object | undefined][] = [
      ['get', '/api/v1/orders/123', undefined],
      ['get', '/api/v1/orders/nope/shipments', undefined],
      ['post', '/api/v1/orders/nope/shipments', { shipmentRef: 'S-1' }],
      ['get', '/api/v1/stores/nope', undefined],
      ['patch', '/api/v1/stores/nope', { name: 'x' }],
      ['delete', '/api/v1/stores/nope', undefined],
      ['post', '/api/v1/stores/nope/sync', undefined],
      ['get', '/api/v1/stores/nope/sync-runs', undefined],
      ['post', '/api/v1/stores/nope/webhook-token', undefined],
      ['get', '/api/v1/stores/nope/mappings/custom-fields', undefined],
      ['put', '/api/v1/stores/nope/mappings/payments', []],
      ['post', '/api/v1/stores/nope/remap', undefined],
      ['delete', '/api/v1/api-keys/nope', undefined],
    ];
    it.each(routes)('%s %s', async (method, path, body) => {
      const req = call(method, path);
      const res = await (body === undefined ? req : req.send(body)).expect(400);
      expect(res.body).toEqual(badId);
    });

    it('the store id of an order path in the same form', async () => {
      const res = await call('get', '/api/v1/stores/nope/orders/1').expect(400);
      expect(res.body).toEqual({
        error: {
          code: 'VALIDATION_FAILED',
          message: 'The request is invalid',
          details: [{ field: 'storeId', message: 'storeId must be a UUID' }],
        },
      });
    });
  });
});
