import {
  classifyErrorCode,
  errorFromBody,
  isCredentialRefusal,
  MivaError,
  MivaErrorKind,
  redact,
} from './miva-errors';

// Canned bodies as Miva sends them (docs/MIVA.md §4, and captured responses).
describe('errorFromBody', () => {
  it('classifies access_denied and keeps Miva message', () => {
    const error = errorFromBody(
      { success: 0, error_code: 'access_denied', error_message: 'Invalid request signature' },
      'OrderList_Load_Query',
    );
    expect(error.kind).toBe('access_denied');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      'Miva OrderList_Load_Query failed: [access_denied] Invalid request signature',
    );
  });

  it('reads the offending fields of an input error (MER-JSN-00023)', () => {
    const error = errorFromBody(
      {
        success: 0,
        error_code: 'MER-JSN-00023',
        error_message: 'One or more parameters are invalid',
        validation_error: true,
        error_field: 'Line_IDs',
        error_field_message: 'Missing required parameter',
        input_errors: true,
        error_fields: [
          { error_field: 'Line_IDs', error_message: 'Missing required parameter' },
          {
            error_field: 'Inventory_Adjustments[2]:product_code',
            error_message: 'Product not found',
          },
        ],
      },
      'OrderItemList_CreateShipment',
    );
    expect(error.kind).toBe('invalid_input');
    expect(error.fields).toEqual([
      { field: 'Line_IDs', message: 'Missing required parameter' },
      { field: 'Inventory_Adjustments[2]:product_code', message: 'Product not found' },
    ]);
    expect(error.message).toContain('Inventory_Adjustments[2]:product_code: Product not found');
    expect(error.retryable).toBe(false);
  });

  it('reads a single field error (MER-JSN-00018) without error_fields', () => {
    const error = errorFromBody(
      {
        success: 0,
        error_code: 'MER-JSN-00018',
        error_message:
          "Invalid value for field 'Product_Code': A product with the code 'x' already exists",
        validation_error: true,
        error_field: 'Product_Code',
        error_field_message: "A product with the code 'x' already exists",
      },
      'Product_Update',
    );
    expect(error.kind).toBe('invalid_input');
    expect(error.fields).toEqual([
      { field: 'Product_Code', message: "A product with the code 'x' already exists" },
    ]);
  });

  it('reads list errors, warnings and processed (MER-JSN-00045)', () => {
    const error = errorFromBody(
      {
        success: 0,
        error_code: 'MER-JSN-00045',
        error_message: 'Multiple errors found.',
        list_error: true,
        errors: [
          { identifier: '7', error_code: 'MER-JSN-SHP-00039', error_message: 'Shipment not found' },
        ],
        warnings: [{ identifier: '8', code: 'W1', message: 'Heads up' }],
        processed: 3,
      },
      'OrderShipmentList_Update',
    );
    expect(error.kind).toBe('list_errors');
    expect(error.listErrors).toEqual([
      { identifier: '7', code: 'MER-JSN-SHP-00039', message: 'Shipment not found' },
    ]);
    expect(error.warnings).toEqual([{ identifier: '8', code: 'W1', message: 'Heads up' }]);
    expect(error.processed).toBe(3);
  });

  it.each([
    ['invalid_function', 'Invalid function', 'invalid_function'],
    ['invalid_module', 'Invalid module', 'invalid_function'],
    ['MER-UTIL-ORWF-00117', 'Invalid function', 'invalid_function'],
    ['MER-JSN-00024', 'Missing required parameter Function', 'invalid_function'],
    ['MER-JSN-00017', 'Missing required parameter Store_Code', 'invalid_input'],
    ['MER-UTIL-ORWF-00030', 'Queue not found', 'not_found'],
    ['MER-JSN-ORD-00025', 'Order not found', 'not_found'],
    ['MER-JSN-PRD-00014', 'Product not found', 'not_found'],
    ['MER-JSN-XYZ-00001', 'Store not found', 'not_found'],
    ['MER-JSN-ORD-00057', 'Order items must exist in order to create a shipment', 'rejected'],
    ['MER-JSN-PRD-00072', 'Ambiguous product SKU', 'rejected'],
    ['api_offline', 'The API is currently offline', 'api_offline'],
  ])('classifies %s as %s', (code, message, kind) => {
    const error = errorFromBody({ success: 0, error_code: code, error_message: message }, 'F');
    expect(error.kind).toBe(kind);
    expect(error.code).toBe(code);
  });

  it('falls back when a body has no code', () => {
    expect(classifyErrorCode('unknown', {})).toBe('rejected');
    expect(errorFromBody({ success: 0 }, undefined).message).toBe(
      'Miva failed: [unknown] no error message',
    );
  });
});

describe('MivaError.retryable', () => {
  it.each([
    ['network', undefined, true],
    ['timeout', undefined, true],
    ['bad_response', undefined, true],
    ['api_offline', 503, true],
    ['http_status', 502, true],
    ['http_status', 429, true],
    ['http_status', 404, false],
    ['range_not_satisfiable', 416, false],
    ['access_denied', undefined, false],
    ['not_found', undefined, false],
  ] as const)('%s (%s) → %s', (kind, httpStatus, retryable) => {
    expect(new MivaError(kind, 'x', { httpStatus }).retryable).toBe(retryable);
  });
});

describe('redact', () => {
  it('removes every occurrence of long secrets and leaves short values alone', () => {
    expect(redact('tok=abcdef123 again abcdef123 id=42', ['abcdef123', '42', undefined])).toBe(
      'tok=[redacted] again [redacted] id=42',
    );
  });
});

describe('isCredentialRefusal', () => {
  it('is true for Miva refusing the token or signature, and for a 401/403 in front of Miva', () => {
    const denied = errorFromBody(
      { success: 0, error_code: 'access_denied', error_message: 'Token is disabled' },
      'OrderList_Load_Query',
    );
    expect(isCredentialRefusal(denied)).toBe(true);
    expect(
      isCredentialRefusal(
        new MivaError(MivaErrorKind.AccessDenied, 'HTTP 403', { httpStatus: 403 }),
      ),
    ).toBe(true);
  });

  it('is false for every other failure', () => {
    for (const kind of Object.values(MivaErrorKind).filter(
      (k) => k !== MivaErrorKind.AccessDenied,
    )) {
      expect(isCredentialRefusal(new MivaError(kind, kind))).toBe(false);
    }
    expect(isCredentialRefusal(new Error('access_denied'))).toBe(false);
    expect(isCredentialRefusal(undefined)).toBe(false);
  });
});

describe('MivaError messages', () => {
  it('never carry a card number Miva quoted', () => {
    const error = errorFromBody(
      {
        success: 0,
        error_code: 'MER-JSN-00023',
        error_message: 'Invalid value 4111 1111 1111 1111 for field number',
      },
      'Order_Update',
    );
    expect(error.message).toContain('**** **** **** 1111');
    expect(error.message).not.toContain('4111 1111 1111 1111');
  });
});
