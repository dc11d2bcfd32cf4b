import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';
import type { MivaClientOptions, MivaConnection } from '../miva/miva-client';
import { MivaClientFactory } from '../miva/miva-client.factory';
import { MivaError, MivaErrorKind } from '../miva/miva-errors';
import { MivaApi } from '../miva/miva-api';
import { isQueueStrategy } from './download-settings';
import type { DownloadSettings } from './store.entity';

// A credential check answers the API caller: fail fast rather than retry for a minute.
const CHECK_CLIENT_OPTIONS: Omit<MivaClientOptions, 'dispatcher'> = {
  maxRetries: 1,
  timeoutMs: 15_000,
};

/** Checks a store's connection with Miva before it is saved. */
@Injectable()
export class StoreCredentialCheck {
  constructor(private readonly factory: MivaClientFactory) {}

  /**
   * Checks a connection with signed calls that touch no order (see MivaApi.checkCredentials).
   * Throws 422 MIVA_REJECTED with Miva's message when Miva refuses, 502 MIVA_UNREACHABLE when it
   * cannot be reached, 400 when the settings themselves are unusable.
   */
  async check(connection: MivaConnection, download: DownloadSettings): Promise<void> {
    let api: MivaApi;
    try {
      api = this.factory.create(connection, CHECK_CLIENT_OPTIONS);
    } catch (error) {
      throw configError(error);
    }
    const queue = isQueueStrategy(download.strategy);
    let result: Awaited<ReturnType<MivaApi['checkCredentials']>>;
    try {
      result = await api.checkCredentials({
        orders: !queue,
        queueCode: queue ? (download.queueCode ?? undefined) : undefined,
        acknowledge: download.strategy === 'queue_ack',
      });
    } catch (error) {
      throw configError(error);
    }
    if (result.ok) {
      return;
    }
    const { error, check } = result;
    const detail = { check, code: error.code ?? null, message: error.message };
    if (result.unreachable) {
      throw new DomainError(
        ErrorCode.MivaUnreachable,
        `Miva could not be reached: ${error.message}`,
        [detail],
      );
    }
    throw new DomainError(ErrorCode.MivaRejected, error.message, [detail]);
  }
}

const CONFIG_FIELDS: [RegExp, string][] = [
  [/signing key/i, 'signingKey'],
  [/access token/i, 'accessToken'],
  [/endpoint/i, 'endpointUrl'],
  [/store code/i, 'storeCode'],
];

function configError(error: unknown): unknown {
  if (error instanceof MivaError && error.kind === MivaErrorKind.Config) {
    const field = CONFIG_FIELDS.find(([pattern]) => pattern.test(error.message))?.[1];
    return DomainError.validation([{ field, message: error.message }], error.message);
  }
  return error;
}
