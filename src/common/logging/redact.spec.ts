import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { REDACTED, redactSecrets, redactUrl } from './redact';

describe('redactSecrets', () => {
  it('replaces every field named like a token, key, secret or passphrase, at any depth', () => {
    const input = {
      msg: 'store created',
      store: { name: 'Main', accessToken: 'abc', signingKey: 'def', paymentPassphrase: 'p' },
      headers: { authorization: 'Bearer x', accept: 'json' },
      list: [{ secret: 's', ok: 1 }],
    };
    expect(redactSecrets(input)).toEqual({
      msg: 'store created',
      store: {
        name: 'Main',
        accessToken: REDACTED,
        signingKey: REDACTED,
        paymentPassphrase: REDACTED,
      },
      headers: { authorization: REDACTED, accept: 'json' },
      list: [{ secret: REDACTED, ok: 1 }],
    });
  });

  it('leaves an HTTP request and response whole, for the serializers that pick their fields', () => {
    const req = new IncomingMessage(new Socket());
    const res = new ServerResponse(req);
    const copy = redactSecrets({ req, res, responseTime: 3 }) as Record<string, unknown>;
    expect(copy.req).toBe(req);
    expect(copy.res).toBe(res);
    expect(copy.responseTime).toBe(3);
  });

  it('masks secret query parameters in URLs', () => {
    expect(redactUrl('/api/v1/webhooks/miva/1?token=abc&x=1')).toBe(
      `/api/v1/webhooks/miva/1?token=${REDACTED}&x=1`,
    );
  });
});
