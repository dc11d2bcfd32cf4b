import { Agent, createServer, get, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stopAccepting } from './stop-accepting';

function fetchText(port: number, agent: Agent): Promise<{ body: string; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, agent }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ body, res }));
    }).on('error', reject);
  });
}

describe('stopAccepting', () => {
  it('answers the request in flight, refuses new connections, and closes without the keep-alive wait', async () => {
    const server = createServer((_req, res) => setTimeout(() => res.end('done'), 200));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true });

    const inFlight = fetchText(port, agent);
    await new Promise((r) => setTimeout(r, 50));
    const began = Date.now();
    const closed = stopAccepting(server, 5_000);

    expect((await inFlight).body).toBe('done');
    await expect(fetchText(port, new Agent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await closed;
    // Well under Node's 5 s keep-alive timeout.
    expect(Date.now() - began).toBeLessThan(1_000);
    agent.destroy();
  });

  it('cuts a request still unanswered after the limit', async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const hanging = fetchText(port, new Agent()).catch((error: unknown) => error);
    await new Promise((r) => setTimeout(r, 50));
    await stopAccepting(server, 100);
    expect(await hanging).toMatchObject({ code: 'ECONNRESET' });
  });
});
