import { MivaErrorKind, PROCESSED_SHORT } from './miva-errors';
import {
  interpretResult,
  isReadFunction,
  isTimestampRejection,
  labelOf,
  wholeRequestError,
} from './miva-response';

describe('isReadFunction and labelOf', () => {
  it('counts loads and the version query as reads', () => {
    expect(
      ['OrderList_Load_Query', 'Order_Load_ID', 'Product_Load', 'MivaMerchantVersion'].every(
        isReadFunction,
      ),
    ).toBe(true);
    expect(['OrderItemList_CreateShipment', 'Product_Update'].some(isReadFunction)).toBe(false);
  });

  it('reports a Module call under its module function', () => {
    expect(labelOf('Module', { Module_Code: 'x', Module_Function: 'QueueOrderList_Load' })).toBe(
      'QueueOrderList_Load',
    );
    expect(labelOf('Order_Load_ID', { Module_Function: 'ignored' })).toBe('Order_Load_ID');
  });
});

describe('interpretResult', () => {
  it('returns data and warnings of a success in any of its spellings', () => {
    for (const success of [1, true, '1']) {
      const result = interpretResult({ success, data: { id: 7 } }, 'Order_Load_ID', undefined);
      expect(result).toEqual({ ok: true, data: { id: 7 }, processed: undefined, warnings: [] });
    }
  });

  it('flags a processed count short of what was sent, or missing', () => {
    const short = interpretResult({ success: 1, processed: '2' }, 'Ack', 3);
    expect(short).toMatchObject({
      ok: true,
      processed: 2,
      shortfall: { expected: 3, processed: 2 },
    });
    expect(short.ok && short.warnings.map((w) => w.code)).toEqual([PROCESSED_SHORT]);
    const missing = interpretResult({ success: 1 }, 'Ack', 3);
    expect(missing).toMatchObject({ ok: true, shortfall: { expected: 3, processed: 0 } });
    expect(interpretResult({ success: 1, processed: 3 }, 'Ack', 3)).not.toHaveProperty('shortfall');
  });

  it('turns success:0 into its error and a body without success into bad_response', () => {
    const refused = interpretResult(
      { success: 0, error_code: 'access_denied', error_message: 'no' },
      'Order_Load_ID',
      undefined,
      200,
    );
    expect(refused.ok || refused.error.kind).toBe(MivaErrorKind.AccessDenied);
    const shapeless = interpretResult(['x'], 'Order_Load_ID', undefined, 200);
    expect(shapeless.ok || [shapeless.error.kind, shapeless.error.outcomeUnknown]).toEqual([
      MivaErrorKind.BadResponse,
      true,
    ]);
  });
});

describe('wholeRequestError', () => {
  it('uses the success:0 body when there is one, bad_response otherwise', () => {
    const body = { success: 0, error_code: 'access_denied', error_message: 'no' };
    expect(wholeRequestError(body, 'X', 200).kind).toBe(MivaErrorKind.AccessDenied);
    expect(wholeRequestError({ success: 1 }, 'X', 200)).toMatchObject({
      kind: MivaErrorKind.BadResponse,
      message: 'Miva X answered an unexpected shape',
      outcomeUnknown: true,
    });
  });
});

describe('isTimestampRejection', () => {
  it('recognises only the access_denied timestamp refusal', () => {
    const refusal = {
      success: 0,
      error_code: 'access_denied',
      error_message: 'Timestamp outside configured window',
    };
    expect(isTimestampRejection(refusal)).toBe(true);
    expect(isTimestampRejection({ ...refusal, error_message: 'Invalid signature' })).toBe(false);
    expect(isTimestampRejection({ ...refusal, error_code: 'MER-JSN-00001' })).toBe(false);
    expect(isTimestampRejection([refusal])).toBe(false);
  });
});
