import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { MivaError } from './miva-errors';
import { decodeSigningKey, MivaSigner, serializeRequest, unixSeconds } from './miva-signer';

// The official Node SDK's authenticator is the reference implementation.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require('merchantapi/src/authenticator') as {
  TokenAuthenticator: new (
    token: string,
    key: string,
    digest: string,
  ) => { generateAuthenticationHeader(data: string | Buffer): Promise<string> };
};

const TOKEN = '0f90f77b58ca98836eba3d50f526f523';
const KEY = 'Yk5hTXlTZWNyZXRLZXlGb3JUZXN0aW5nU2lnbmF0dXJlcw=='; // 36 bytes, padded
const BODY = serializeRequest('beta', 1718000000, {
  Function: 'OrderList_Load_Query',
  Count: 10,
  Offset: 0,
  Filter: [{ name: 'search', value: [{ field: 'ship_fname', operator: 'EQ', value: 'Zoë ✓' }] }],
});

describe('MivaSigner', () => {
  it.each([
    ['sha256', 'sha256'],
    ['sha1', 'sha1'],
    ['none', ''],
  ] as const)('matches the official SDK header for digest %s', async (digest, sdkDigest) => {
    const ours = new MivaSigner({ accessToken: TOKEN, signingKey: KEY, signatureDigest: digest });
    const theirs = new sdk.TokenAuthenticator(TOKEN, KEY, sdkDigest);
    // The SDK signs the JSON string; we sign its UTF-8 bytes: the same bytes on the wire.
    expect(ours.authorization(BODY)).toBe(
      await theirs.generateAuthenticationHeader(BODY.toString('utf8')),
    );
  });

  it('defaults to MIVA-HMAC-SHA256 over the raw body bytes', () => {
    const header = new MivaSigner({ accessToken: TOKEN, signingKey: KEY }).authorization(BODY);
    const expected = createHmac('sha256', Buffer.from(KEY, 'base64')).update(BODY).digest('base64');
    expect(header).toBe(`MIVA-HMAC-SHA256 ${TOKEN}:${expected}`);
  });

  it('signs different bytes differently (a re-serialised body would not verify)', () => {
    const signer = new MivaSigner({ accessToken: TOKEN, signingKey: KEY });
    const spaced = Buffer.from(BODY.toString('utf8').replace(':10,', ': 10,'));
    expect(signer.authorization(spaced)).not.toBe(signer.authorization(BODY));
  });

  it('tolerates a key without = padding, with whitespace, or in base64url', async () => {
    const raw = Buffer.from('a signing key of odd length!!'); // 29 bytes → needs padding
    const padded = raw.toString('base64');
    expect(padded.endsWith('=')).toBe(true);
    const unpadded = padded.replace(/=+$/, '');
    const wrapped = `${unpadded.slice(0, 10)}\n ${unpadded.slice(10)}`;
    const url = raw.toString('base64url');
    for (const variant of [unpadded, wrapped, url]) {
      expect(decodeSigningKey(variant).equals(raw)).toBe(true);
    }
    const sdkHeader = await new sdk.TokenAuthenticator(
      TOKEN,
      padded,
      'sha256',
    ).generateAuthenticationHeader(BODY.toString('utf8'));
    expect(new MivaSigner({ accessToken: TOKEN, signingKey: unpadded }).authorization(BODY)).toBe(
      sdkHeader,
    );
  });

  it('rejects unusable credentials without echoing them', () => {
    const attempts = [
      { accessToken: TOKEN, signingKey: '' },
      { accessToken: TOKEN, signingKey: 'not*base64!' },
      { accessToken: '', signingKey: KEY },
      { accessToken: 'has space', signingKey: KEY },
    ];
    for (const credentials of attempts) {
      let caught: unknown;
      try {
        new MivaSigner(credentials);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(MivaError);
      expect((caught as MivaError).kind).toBe('config');
      expect((caught as MivaError).message).not.toContain('base64!');
      expect((caught as MivaError).message).not.toContain(KEY);
    }
    // No key is needed for the plain MIVA scheme.
    expect(
      new MivaSigner({ accessToken: TOKEN, signingKey: '', signatureDigest: 'none' }).authorization(
        BODY,
      ),
    ).toBe(`MIVA ${TOKEN}`);
  });

  it('never shows the token or key when logged or serialised', () => {
    const signer = new MivaSigner({ accessToken: TOKEN, signingKey: KEY });
    const shown = [
      inspect(signer),
      JSON.stringify(signer),
      inspect({ signer }),
      `${inspect([signer])}`,
    ];
    for (const text of shown) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(KEY);
    }
    expect(signer.tokenLast4).toBe('f523');
  });
});

describe('serializeRequest', () => {
  it('puts Store_Code and an integer Miva_Request_Timestamp first', () => {
    const body = serializeRequest('beta', unixSeconds(1718000000999), { Function: 'X', Count: 1 });
    expect(body.toString('utf8')).toBe(
      '{"Store_Code":"beta","Miva_Request_Timestamp":1718000000,"Function":"X","Count":1}',
    );
  });
});
