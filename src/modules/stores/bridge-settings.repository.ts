import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Every query on `bridge_settings`. */
@Injectable()
export class BridgeSettingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(name: string): Promise<string | null> {
    const rows: { value: string }[] = await this.dataSource.query(
      'SELECT value FROM bridge_settings WHERE name = $1',
      [name],
    );
    return rows[0]?.value ?? null;
  }

  /**
   * Records `value` unless `name` already has one, and returns the value recorded now: of two
   * instances racing, the first insert wins and both read back the winner's value (the second
   * insert waits for the first to commit, then does nothing; the read is a new statement).
   */
  async claim(name: string, value: string): Promise<string> {
    await this.dataSource.query(
      'INSERT INTO bridge_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
      [name, value],
    );
    const recorded = await this.get(name);
    if (recorded === null) {
      throw new Error(`bridge_settings.${name} vanished right after it was recorded`);
    }
    return recorded;
  }
}
