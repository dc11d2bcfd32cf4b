import { ErrorCode } from '../errors/error-code';
import { parseJsonBody, unsupportedBody } from './json-body';

const request = (url: string, headers: Record<string, string>) => ({ url, headers });

describe('unsupportedBody', () => {
  it.each([
    ['a JSON body', { 'content-type': 'application/json', 'content-length': '2' }],
    [
      'JSON with a charset',
      { 'content-type': 'application/json; charset=utf-8', 'content-length': '2' },
    ],
    ['a +json type', { 'content-type': 'application/merge-patch+json', 'content-length': '2' }],
    ['no body and no type (POST .../sync)', {}],
    ['an empty body of another type', { 'content-type': 'text/plain', 'content-length': '0' }],
  ])('lets %s through', (_name, headers) => {
    expect(unsupportedBody(request('/api/v1/stores/x/sync', headers))).toBeUndefined();
  });

  it('lets any body through to the Miva webhook', () => {
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '9' };
    expect(unsupportedBody(request('/api/v1/webhooks/miva/x?token=t', headers))).toBeUndefined();
  });

  it.each([
    [
      'a form body (curl -d)',
      { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '9' },
      'application/x-www-form-urlencoded',
    ],
    ['text', { 'content-type': 'text/plain; charset=utf-8', 'content-length': '2' }, 'text/plain'],
    ['a body without a type', { 'content-length': '2' }, 'no content type'],
    ['a chunked body without a type', { 'transfer-encoding': 'chunked' }, 'no content type'],
  ])('refuses %s with 415 naming application/json', (_name, headers, got) => {
    const error = unsupportedBody(request('/api/v1/orders/acknowledgements', headers));
    expect(error?.code).toBe(ErrorCode.UnsupportedMediaType);
    expect(error?.message).toContain('application/json');
    expect(error?.message).toContain(`(got ${got})`);
  });
});

describe('parseJsonBody', () => {
  it('reads objects and arrays, and an empty body as {}', () => {
    expect(parseJsonBody('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonBody(' [1,2]')).toEqual([1, 2]);
    expect(parseJsonBody('')).toEqual({});
    expect(parseJsonBody('  \n')).toEqual({});
  });

  it.each(['{"a":', '"text"', '42', 'null', 'true', 'x'])(
    'refuses %j with 400 INVALID_JSON',
    (text) => {
      expect(() => parseJsonBody(text)).toThrow(
        expect.objectContaining({ code: ErrorCode.InvalidJson }),
      );
    },
  );
});
