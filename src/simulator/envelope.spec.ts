import { sign } from './auth';
import { type ApiResponse, handleApiRequest } from './envelope';
import { SimulatorState } from './state';

// Responses are checked structurally; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const KEY = Buffer.from('k'.repeat(32)).toString('base64');

function newState(orders = 5): SimulatorState {
  return new SimulatorState({
    storeCode: 'S1',
    passphrase: 'pp',
    seed: 3,
    orders,
    token: {
      token: 'T',
      signingKey: KEY,
      enabled: true,
      requireTimestamp: true,
      requireSignature: true,
      timestampWindowSeconds: 60,
    },
  });
}

async function call(
  state: SimulatorState,
  payload: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ res: ApiResponse; json: Json }> {
  const body = Buffer.from(JSON.stringify({ Miva_Request_Timestamp: state.now(), ...payload }));
  const res = await handleApiRequest(
    state,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-miva-api-authorization': `MIVA-HMAC-SHA256 T:${sign(body, KEY)}`,
        ...headers,
      },
      body,
    },
    () => undefined,
  );
  return { res, json: JSON.parse(res.body) };
}

describe('json.mvc envelope (§2, §3)', () => {
  const state = newState();

  it('answers a single call and looks parameters up case-insensitively', async () => {
    const { res, json } = await call(state, {
      store_code: 'S1',
      function: 'OrderList_Load_Query',
      COUNT: '2',
      offset: 1,
    });
    expect(res.status).toBe(200);
    expect(json.success).toBe(1);
    expect(json.data.total_count).toBe(5);
    expect(json.data.start_offset).toBe(1);
    expect(json.data.data.map((o: Json) => o.id)).toEqual([200002, 200003]);
    expect(json.data.data[0].items).toBeUndefined();
  });

  it('answers Iterations with a bare array, siblings shared and iteration values winning', async () => {
    const { json } = await call(state, {
      Store_Code: 'S1',
      Function: 'OrderList_Load_Query',
      Count: 1,
      Iterations: [{}, { Offset: 2 }, { Count: 0, Offset: 4 }],
    });
    expect(Array.isArray(json)).toBe(true);
    expect(json.map((r: Json) => r.data.data.map((o: Json) => o.id))).toEqual([
      [200001],
      [200003],
      [200005],
    ]);
  });

  it('answers Operations with one slot each, nested arrays for iterations, errors in their own slot', async () => {
    const { json } = await call(state, {
      Store_Code: 'S1',
      Operations: [
        { Function: 'OrderList_Load_Query', Count: 1 },
        { Function: 'ProductList_Load_Query', Iterations: [{ Count: 1 }, { Count: 1, Offset: 1 }] },
        { Function: 'Nope_Function' },
        { Function: 'MivaMerchantVersion' },
      ],
    });
    expect(json).toHaveLength(4);
    expect(json[0].data.data).toHaveLength(1);
    expect(json[1]).toHaveLength(2);
    expect(json[1][1].data.start_offset).toBe(1);
    expect(json[2]).toEqual({
      success: 0,
      error_code: 'invalid_function',
      error_message: 'Invalid function',
    });
    expect(json[3].data.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('stops a multicall early with 206 and Content-Range, and resumes with Range', async () => {
    const s = newState(2);
    s.setFaults({ multicallStopAfter: 2 });
    const ops = {
      Store_Code: 'S1',
      Operations: [1, 2, 3, 4, 5].map((n) => ({
        Function: 'OrderList_Load_Query',
        Count: 1,
        Offset: n % 2,
      })),
    };
    const first = await call(s, ops);
    expect(first.res.status).toBe(206);
    expect(first.res.headers['Content-Range']).toBe('2/5');
    expect(first.json).toHaveLength(2);
    const next = await call(s, ops, { range: 'Operations=3-5' });
    expect(next.res.status).toBe(206);
    expect(next.res.headers['Content-Range']).toBe('2/5');
    s.setFaults({ multicallStopAfter: null });
    const last = await call(s, ops, { range: 'Operations=5-' });
    expect(last.res.status).toBe(200);
    expect(last.json).toHaveLength(1);
  });

  it('rejects bad ranges', async () => {
    const ops = { Store_Code: 'S1', Operations: [{ Function: 'MivaMerchantVersion' }] };
    expect((await call(state, ops, { range: 'bytes=1-2' })).json.error_code).toBe('MER-JSN-00028');
    const multi = await call(state, ops, { range: 'Operations=1-1,2-2' });
    expect([multi.res.status, multi.json.error_code, multi.res.headers['Content-Range']]).toEqual([
      416,
      'MER-JSN-00031',
      '*/1',
    ]);
    expect((await call(state, ops, { range: 'Operations=3-4' })).res.status).toBe(416);
    expect((await call(state, ops, { range: 'Operations=x' })).res.status).toBe(416);
  });

  it('honours X-Miva-API-Timeout between operations, always running one', async () => {
    const s = newState(1);
    s.setFaults({ operationDelayMs: 600 });
    const { res, json } = await call(
      s,
      {
        Store_Code: 'S1',
        Operations: [
          { Function: 'MivaMerchantVersion' },
          { Function: 'MivaMerchantVersion' },
          { Function: 'MivaMerchantVersion' },
        ],
      },
      { 'x-miva-api-timeout': '1' },
    );
    expect(res.status).toBe(206);
    expect(json.length).toBeGreaterThanOrEqual(1);
    expect(json.length).toBeLessThan(3);
  });

  it("returns Miva's errors for missing parameters and unknown functions or modules", async () => {
    expect((await call(state, { Store_Code: 'S1' })).json.error_code).toBe('MER-JSN-00024');
    expect((await call(state, { Function: 'OrderList_Load_Query' })).json).toEqual({
      success: 0,
      error_code: 'MER-JSN-00017',
      error_message: 'Missing required parameter Store_Code',
    });
    expect((await call(state, { Function: 'MivaMerchantVersion' })).json.success).toBe(1);
    expect((await call(state, { Store_Code: 'S1', Function: 'Module' })).json.error_code).toBe(
      'MER-JSN-00025',
    );
    expect(
      (await call(state, { Store_Code: 'S1', Function: 'Module', Module_Code: 'orderworkflow' }))
        .json.error_code,
    ).toBe('MER-JSN-00026');
    expect(
      (
        await call(state, {
          Store_Code: 'S1',
          Function: 'Module',
          Module_Code: 'nope',
          Module_Function: 'x',
        })
      ).json.error_code,
    ).toBe('invalid_module');
    expect(
      (
        await call(state, {
          Store_Code: 'S1',
          Function: 'Module',
          Module_Code: 'orderworkflow',
          Module_Function: 'x',
        })
      ).json.error_code,
    ).toBe('MER-UTIL-ORWF-00117');
    expect(
      (await call(state, { Store_Code: 'S1', Function: 'OrderList_Load_Query', Count: 'abc' })).json
        .error_code,
    ).toBe('MER-JSN-00023');
  });

  it('checks method and content type, and answers an unauthenticated multicall with one error object', async () => {
    const get = await handleApiRequest(
      state,
      { method: 'GET', headers: {}, body: Buffer.alloc(0) },
      () => undefined,
    );
    expect(JSON.parse(get.body)).toEqual({
      success: 0,
      error_code: 'access_denied',
      error_message: 'Invalid request method',
    });
    const form = await handleApiRequest(
      state,
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: Buffer.from('{}') },
      () => undefined,
    );
    expect(JSON.parse(form.body).error_message).toBe('Invalid request content type');
    const body = Buffer.from(
      JSON.stringify({
        Miva_Request_Timestamp: state.now(),
        Operations: [{ Function: 'MivaMerchantVersion' }],
      }),
    );
    const bad = await handleApiRequest(
      state,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-miva-api-authorization': 'MIVA-HMAC-SHA256 T:AAAA',
        },
        body,
      },
      () => undefined,
    );
    expect(bad.status).toBe(200);
    expect(JSON.parse(bad.body)).toEqual({
      success: 0,
      error_code: 'access_denied',
      error_message: 'Invalid request signature',
    });
  });
});
