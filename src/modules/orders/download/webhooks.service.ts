import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../../../common/errors/domain-error';
import { ErrorCode } from '../../../common/errors/error-code';
import { StoresRepository } from '../../stores/stores.repository';
import { webhookTokenMatches } from '../../stores/webhook-token';
import { DownloadOptions } from './download-options';
import { OrdersSyncService } from './orders-sync.service';

export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Miva's order webhooks: a token-checked wake-up hint. The body is never trusted as the order:
 * the store is downloaded through the signed API instead, debounced so a burst of webhooks
 * causes one download.
 */
@Injectable()
export class WebhooksService implements OnApplicationShutdown {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly stores: StoresRepository,
    private readonly sync: OrdersSyncService,
    private readonly options: DownloadOptions,
  ) {}

  /** 404 for an unknown store or a wrong token (both look the same to the caller). */
  async accept(storeId: string, token: unknown, request: Request): Promise<void> {
    await drainBody(request, WEBHOOK_BODY_LIMIT);
    const store = UUID.test(storeId) ? await this.stores.findById(storeId) : null;
    if (
      !store ||
      typeof token !== 'string' ||
      !webhookTokenMatches(token, store.webhookTokenHash)
    ) {
      throw DomainError.notFound('Webhook');
    }
    // Accepted either way; a paused or disabled store simply does not download.
    if (store.enabled && store.status === 'active') {
      this.poke(storeId);
    }
  }

  private poke(storeId: string): void {
    if (this.pending.has(storeId)) {
      return;
    }
    const timer = setTimeout(() => {
      this.pending.delete(storeId);
      void this.sync.wake(storeId, 'webhook');
    }, this.options.webhookDebounceMs);
    this.pending.set(storeId, timer);
  }

  onApplicationShutdown(): void {
    for (const timer of this.pending.values()) {
      clearTimeout(timer);
    }
    this.pending.clear();
  }
}

/**
 * Reads (and discards) a body the JSON parser left alone (any other content type), enforcing the
 * size limit. A JSON body was already parsed under the app's 1 MB limit.
 */
async function drainBody(request: Request, limit: number): Promise<void> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) {
    request.resume();
    throw tooLarge();
  }
  const consumed = (request as Request & { _body?: boolean })._body === true;
  if (consumed || request.readableEnded) {
    return;
  }
  await new Promise<void>((resolve, reject) => {
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        request.resume();
        reject(tooLarge());
      }
    };
    const onEnd = (): void => {
      cleanup();
      resolve();
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

function tooLarge(): DomainError {
  return new DomainError(ErrorCode.PayloadTooLarge, 'The webhook body is larger than 1 MB');
}
