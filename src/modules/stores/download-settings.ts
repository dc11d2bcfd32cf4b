import { DomainError } from '../../common/errors/domain-error';
import {
  DEFAULT_IMPORT_STATUSES,
  DEFAULT_POLL_INTERVAL_SECONDS,
  DEFAULT_RECONCILE_DAYS,
  DownloadSettingsDto,
} from './store.dto';
import type { DownloadSettings, DownloadStrategy } from './store.entity';

export const DEFAULT_QUEUE_CODE = 'new_and_updated';

export function isQueueStrategy(strategy: DownloadStrategy): boolean {
  return strategy === 'queue_ack' || strategy === 'queue';
}

/** `overlap` when not given: order numbers for order_number, seconds for the date strategies. */
export function defaultOverlap(strategy: DownloadStrategy): number {
  switch (strategy) {
    case 'order_number':
      return 30;
    case 'date_range':
    case 'last_updated':
      return 300;
    case 'queue_ack':
    case 'queue':
      return 0;
  }
}

/**
 * The effective download settings from a request (`input`) over the current ones (`current`,
 * undefined on create). Omitting `download` entirely on create takes every default; otherwise a
 * queue strategy needs a queueCode (given now or already stored).
 */
export function resolveDownloadSettings(
  input: DownloadSettingsDto | undefined,
  current: DownloadSettings | undefined,
): DownloadSettings {
  const strategy = input?.strategy ?? current?.strategy ?? 'queue_ack';
  const strategyChanged = current !== undefined && current.strategy !== strategy;

  let queueCode: string | null;
  if (input?.queueCode !== undefined) {
    queueCode = input.queueCode;
  } else if (current !== undefined) {
    queueCode = current.queueCode;
  } else {
    queueCode = input === undefined ? DEFAULT_QUEUE_CODE : null;
  }
  if (isQueueStrategy(strategy) && (queueCode === null || queueCode.trim() === '')) {
    throw DomainError.validation([
      { field: 'download.queueCode', message: `is required for the ${strategy} strategy` },
    ]);
  }

  let overlap: number;
  if (input?.overlap !== undefined) {
    overlap = input.overlap;
  } else if (current !== undefined && !strategyChanged) {
    overlap = current.overlap;
  } else {
    overlap = defaultOverlap(strategy);
  }

  let startFrom: string | null;
  if (input?.startFrom !== undefined) {
    startFrom = input.startFrom === null ? null : new Date(input.startFrom).toISOString();
  } else {
    startFrom = current?.startFrom ?? null;
  }

  return {
    strategy,
    queueCode: queueCode === null ? null : queueCode.trim(),
    pollIntervalSeconds:
      input?.pollIntervalSeconds ?? current?.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS,
    overlap,
    importStatuses: input?.importStatuses ??
      current?.importStatuses ?? [...DEFAULT_IMPORT_STATUSES],
    startFrom,
    reconcileDays: input?.reconcileDays ?? current?.reconcileDays ?? DEFAULT_RECONCILE_DAYS,
  };
}
