import { Test } from '@nestjs/testing';
import { MivaClientFactory } from './miva-client.factory';
import { MivaError } from './miva-errors';
import { MivaApi } from './miva-api';
import { MivaModule } from './miva.module';

const connection = {
  endpointUrl: 'https://shop.example.com/mm5/json.mvc',
  storeCode: 'S1',
  accessToken: '0123456789abcdef0123456789abcdef',
  signingKey: Buffer.alloc(32, 1).toString('base64'),
};

describe('MivaModule', () => {
  it('provides one factory that shares pools per origin and closes them on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MivaModule.withDefaults({ maxRetries: 1, connectionsPerOrigin: 2 })],
    }).compile();
    await moduleRef.init();
    const factory = moduleRef.get(MivaClientFactory);
    const a = factory.create(connection);
    const b = factory.create({ ...connection, storeCode: 'S2' });
    factory.create({ ...connection, endpointUrl: 'https://other.example.com/mm5/json.mvc' });
    expect(a).toBeInstanceOf(MivaApi);
    expect(a.client).not.toBe(b.client);
    expect(factory.origins).toEqual(['https://shop.example.com', 'https://other.example.com']);
    await moduleRef.close();
    expect(factory.origins).toEqual([]);
    expect(() => factory.create(connection)).toThrow(MivaError);
  });

  it('rejects an unusable connection before any request', () => {
    const factory = new MivaClientFactory();
    expect(() => factory.create({ ...connection, endpointUrl: 'ftp://x/json.mvc' })).toThrow(
      expect.objectContaining({ kind: 'config' }),
    );
    expect(() => factory.create({ ...connection, storeCode: ' ' })).toThrow(
      expect.objectContaining({ kind: 'config' }),
    );
    expect(() => factory.create({ ...connection, endpointUrl: 'not a url' })).toThrow(MivaError);
  });
});
