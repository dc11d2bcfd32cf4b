// Serves one PGlite over the Postgres wire protocol on loopback, safely for many connections.
//
// PGlite is a single backend session. @electric-sql/pglite-socket (0.2.17) queues each protocol
// *message* on its own, so under concurrency one connection's Parse/Bind/Execute interleave with
// another's on that one session: "unnamed prepared statement does not exist", or silently another
// connection's rows (upstream electric-sql/pglite#1046, fix proposed in #977, both open). Here each
// connection's protocol unit (the messages up to Sync, a simple Query, the startup packet) runs
// atomically, and a connection inside a transaction keeps the session until the transaction ends.
//
// One session also means one set of LISTENs: PGlite writes a notification into the output of
// whichever connection's unit committed the NOTIFY. The server copies each notification to every
// other connection that ran a LISTEN, as a PostgreSQL server would deliver it to each listener.
import { createServer, Socket } from 'node:net';

/** The part of PGlite this server needs. */
export interface PGliteLike {
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRawStream(
    message: Uint8Array,
    options: { onRawData: (data: Uint8Array) => void },
  ): Promise<void>;
  isInTransaction(): boolean;
  exec(sql: string): Promise<unknown>;
}

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
// Message types after which a client waits for an answer: the end of a unit.
const UNIT_END = new Set(['S', 'Q', 'H', 'p', 'X']);

interface Work {
  connection: Connection;
  unit: Buffer;
  resolve: () => void;
  reject: (error: unknown) => void;
}

class Session {
  private queue: Work[] = [];
  private owner: Connection | null = null;
  private running = false;
  private readonly listeners = new Set<Connection>();

  constructor(private readonly db: PGliteLike) {}

  run(connection: Connection, unit: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ connection, unit, resolve, reject });
      void this.pump();
    });
  }

  drop(connection: Connection): void {
    this.listeners.delete(connection);
    this.queue = this.queue.filter((item) => {
      if (item.connection !== connection) {
        return true;
      }
      item.reject(new Error('connection closed'));
      return false;
    });
    if (this.owner === connection) {
      this.owner = null;
      void this.db
        .exec('ROLLBACK')
        .catch(() => undefined)
        .finally(() => this.pump());
    }
  }

  private async pump(): Promise<void> {
    if (this.running) {
      return;
    }
    this.running = true;
    try {
      for (;;) {
        const owner = this.owner;
        const index = owner === null ? 0 : this.queue.findIndex((i) => i.connection === owner);
        const [item] = index < 0 ? [] : this.queue.splice(index, 1);
        if (item === undefined) {
          break;
        }
        if (isListen(item.unit)) {
          this.listeners.add(item.connection);
        }
        const others = [...this.listeners].filter((c) => c !== item.connection);
        const tap = others.length > 0 ? new NotificationTap(others) : null;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.unit, {
              onRawData: (data) => {
                item.connection.write(data);
                tap?.scan(data);
              },
            }),
          );
          item.resolve();
        } catch (error) {
          item.reject(error);
        }
        this.owner = this.db.isInTransaction() ? item.connection : null;
      }
    } finally {
      this.running = false;
    }
  }
}

/** A simple-protocol `LISTEN …` query (how a client subscribes; pg sends it as one 'Q'). */
function isListen(unit: Buffer): boolean {
  return (
    unit.length < 512 &&
    unit.readUInt8(0) === 0x51 /* 'Q' */ &&
    /^\s*LISTEN\s/i.test(unit.toString('utf8', 5, unit.length - 1))
  );
}

/**
 * Follows the backend's message framing across output chunks and copies every
 * NotificationResponse ('A') message to the listening connections.
 */
class NotificationTap {
  private header = Buffer.alloc(0);
  private remaining = 0;
  private copying: Buffer[] | null = null;

  constructor(private readonly listeners: readonly Connection[]) {}

  scan(chunk: Uint8Array): void {
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (data.length > 0) {
      if (this.remaining > 0) {
        const body = data.subarray(0, this.remaining);
        this.copying?.push(Buffer.from(body));
        this.remaining -= body.length;
        data = data.subarray(body.length);
        this.deliverIfComplete();
        continue;
      }
      const need = 5 - this.header.length;
      this.header = Buffer.concat([this.header, data.subarray(0, need)]);
      data = data.subarray(need);
      if (this.header.length < 5) {
        return;
      }
      this.remaining = this.header.readInt32BE(1) - 4;
      this.copying = this.header.readUInt8(0) === 0x41 /* 'A' */ ? [this.header] : null;
      this.header = Buffer.alloc(0);
      this.deliverIfComplete();
    }
  }

  private deliverIfComplete(): void {
    if (this.remaining === 0 && this.copying !== null) {
      const message = Buffer.concat(this.copying);
      this.copying = null;
      for (const listener of this.listeners) {
        listener.write(message);
      }
    }
  }
}

class Connection {
  private buffer = Buffer.alloc(0);
  private pending: Buffer[] = [];
  private started = false;
  private closed = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: Socket,
    private readonly session: Session,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => this.receive(data));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  write(data: Uint8Array): void {
    if (data.length > 0 && this.socket.writable) {
      this.socket.write(Buffer.from(data));
    }
  }

  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.session.drop(this);
    this.socket.destroy();
  }

  private submit(unit: Buffer): void {
    this.chain = this.chain.then(() => this.session.run(this, unit)).catch(() => this.close());
  }

  private receive(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      if (!this.started) {
        if (this.buffer.length < 8) {
          return;
        }
        const length = this.buffer.readInt32BE(0);
        const code = this.buffer.readInt32BE(4);
        if (length === 8 && code === SSL_REQUEST) {
          this.buffer = this.buffer.subarray(8);
          this.socket.write('N');
          continue;
        }
        if (length === 16 && code === CANCEL_REQUEST) {
          this.buffer = this.buffer.subarray(16);
          continue;
        }
        if (this.buffer.length < length) {
          return;
        }
        const startup = Buffer.from(this.buffer.subarray(0, length));
        this.buffer = this.buffer.subarray(length);
        this.started = true;
        this.submit(startup);
        continue;
      }
      if (this.buffer.length < 5) {
        return;
      }
      const length = 1 + this.buffer.readInt32BE(1);
      if (this.buffer.length < length) {
        return;
      }
      const type = String.fromCharCode(this.buffer.readUInt8(0));
      this.pending.push(Buffer.from(this.buffer.subarray(0, length)));
      this.buffer = this.buffer.subarray(length);
      if (UNIT_END.has(type)) {
        const unit = Buffer.concat(this.pending);
        this.pending = [];
        if (type === 'X') {
          this.close();
          return;
        }
        this.submit(unit);
      }
    }
  }
}

export interface ServedPGlite {
  url: string;
  close(): Promise<void>;
}

/** Serves `db` on loopback. */
export async function servePGlite(db: PGliteLike, port = 0): Promise<ServedPGlite> {
  const session = new Session(db);
  const connections = new Set<Connection>();
  const server = createServer((socket) => {
    const connection = new Connection(socket, session);
    connections.add(connection);
    socket.on('close', () => connections.delete(connection));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('no address');
  }
  return {
    url: `postgres://postgres@127.0.0.1:${address.port}/postgres`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of connections) {
          connection.close();
        }
        server.close(() => resolve());
      }),
  };
}
