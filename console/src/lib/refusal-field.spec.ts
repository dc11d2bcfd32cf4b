import { storeFormErrors } from './refusal-field';

// As the bridge reports them: `Miva <function> failed: [<code>] <Miva's message>`.
const rejected = (message: string, check = 'orders', code = 'access_denied') => {
  const text = `Miva QueueOrderList_Load_Query failed: [${code}] ${message}`;
  return { code: 'MIVA_REJECTED', message: text, details: [{ check, code, message: text }] };
};

describe('storeFormErrors', () => {
  it("puts Miva's refusal of the token at the access token", () => {
    expect(storeFormErrors(rejected('Access denied'))).toEqual([
      { field: 'accessToken', message: 'Miva: Access denied' },
    ]);
  });

  it('puts a bad signature at the signing key', () => {
    expect(storeFormErrors(rejected('Invalid request signature'))[0]?.field).toBe('signingKey');
  });

  it('puts an unknown store at the store code', () => {
    expect(storeFormErrors(rejected('Store not found', 'orders', 'MER-JSN-00016'))[0]?.field).toBe(
      'storeCode',
    );
  });

  it('puts a refusal of the queue check at the queue code', () => {
    expect(storeFormErrors(rejected('Queue not found', 'queue', 'MER-UTIL-ORWF-00030'))[0]).toEqual(
      { field: 'queueCode', message: 'Miva: Queue not found' },
    );
    // A credential refusal during the queue check is still about the credential.
    expect(storeFormErrors(rejected('Access denied', 'queue'))[0]?.field).toBe('accessToken');
    expect(storeFormErrors(rejected('Invalid request signature', 'queue'))[0]?.field).toBe(
      'signingKey',
    );
  });

  it('puts an unreachable Miva at the endpoint URL', () => {
    expect(
      storeFormErrors({
        code: 'MIVA_UNREACHABLE',
        message: 'Miva could not be reached',
        details: [],
      }),
    ).toEqual([{ field: 'endpointUrl', message: 'Miva could not be reached' }]);
  });

  it('puts each validation detail at its field, nested download fields included', () => {
    expect(
      storeFormErrors({
        code: 'VALIDATION_FAILED',
        message: 'The request is invalid',
        details: [
          { field: 'endpointUrl', message: 'must be https://' },
          { field: 'download.queueCode', message: 'is required' },
          { field: 'currency', message: 'must be a code' },
        ],
      }),
    ).toEqual([
      { field: 'endpointUrl', message: 'must be https://' },
      { field: 'queueCode', message: 'is required' },
      { field: undefined, message: 'currency: must be a code' },
    ]);
  });

  it('shows anything else for the whole form', () => {
    expect(storeFormErrors({ code: 'FORBIDDEN', message: 'No', details: [] })).toEqual([
      { field: undefined, message: 'No' },
    ]);
  });
});
