import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';
import { ConfigError } from '../../config/app-config';
import { BridgeSettingsRepository } from './bridge-settings.repository';
import { CredentialVault } from './credential-vault';
import { StoresRepository } from './stores.repository';

// The bridge_settings row holding the check value (CredentialVault.keyCheck) of the SECRET_KEY
// that the database's store credentials are sealed with.
const KEY_CHECK_SETTING = 'secret_key_check';

export const SECRET_KEY_MISMATCH =
  "SECRET_KEY does not match the key this database's store credentials were written with; " +
  'every instance on one database must use the same SECRET_KEY';

/** What the stores hold, as far as this instance's key is concerned. */
export type StoredCredentials = 'none' | 'readable' | 'unreadable';

export type KeyCheckAtStart = 'ok' | 'record' | 'refuse';

/**
 * What an instance does at start with the recorded check value (null: none yet) and its own.
 * With nothing recorded (a database from before the check existed, or with no store yet), the
 * stores decide: credentials this key opens are recorded as its own; credentials it cannot open
 * mean another key wrote them; no stores leave the first credential write to record it.
 */
export function keyCheckAtStart(
  recorded: string | null,
  own: string,
  stored: StoredCredentials,
): KeyCheckAtStart {
  if (recorded !== null) {
    return recorded === own ? 'ok' : 'refuse';
  }
  switch (stored) {
    case 'none':
      return 'ok';
    case 'readable':
      return 'record';
    case 'unreadable':
      return 'refuse';
  }
}

/**
 * Keeps every instance on one database on one SECRET_KEY: the database records a check value of
 * the key that first wrote credentials; an instance with another key refuses to start, and never
 * writes credentials the others could not read.
 */
@Injectable()
export class SecretKeyCheck {
  constructor(
    private readonly settings: BridgeSettingsRepository,
    private readonly stores: StoresRepository,
    private readonly vault: CredentialVault,
  ) {}

  /** Run after migrations, before serving: throws a ConfigError naming SECRET_KEY on a mismatch. */
  async verifyAtStart(): Promise<void> {
    const own = this.vault.keyCheck();
    const recorded = await this.settings.get(KEY_CHECK_SETTING);
    const stored = recorded === null ? await this.storedCredentials() : 'none';
    switch (keyCheckAtStart(recorded, own, stored)) {
      case 'ok':
        return;
      case 'record':
        if ((await this.settings.claim(KEY_CHECK_SETTING, own)) === own) {
          return;
        }
        throw new ConfigError(SECRET_KEY_MISMATCH);
      case 'refuse':
        throw new ConfigError(SECRET_KEY_MISMATCH);
    }
  }

  /**
   * Call before writing sealed credentials: records this key's check value if none is recorded
   * yet, and refuses (500 naming SECRET_KEY) when another key's is.
   */
  async beforeCredentialWrite(): Promise<void> {
    const own = this.vault.keyCheck();
    if ((await this.settings.claim(KEY_CHECK_SETTING, own)) !== own) {
      throw new DomainError(ErrorCode.Internal, SECRET_KEY_MISMATCH);
    }
  }

  private async storedCredentials(): Promise<StoredCredentials> {
    const sealed = await this.stores.oldestCredentials();
    if (sealed === null) {
      return 'none';
    }
    return this.vault.canOpen(sealed) ? 'readable' : 'unreadable';
  }
}
