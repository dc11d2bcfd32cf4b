import { DomainError } from '../../common/errors/domain-error';
import { defaultOverlap, resolveDownloadSettings } from './download-settings';
import { DEFAULT_IMPORT_STATUSES } from './store.dto';
import type { DownloadSettings } from './store.entity';

describe('resolveDownloadSettings', () => {
  const stored: DownloadSettings = {
    strategy: 'date_range',
    queueCode: null,
    pollIntervalSeconds: 60,
    overlap: 120,
    importStatuses: ['processing'],
    startFrom: '2026-01-01T00:00:00.000Z',
    reconcileDays: 7,
  };

  it('takes every default when download is omitted, Miva’s default queue included', () => {
    expect(resolveDownloadSettings(undefined, undefined)).toEqual({
      strategy: 'queue_ack',
      queueCode: 'new_and_updated',
      pollIntervalSeconds: 900,
      overlap: 0,
      importStatuses: [...DEFAULT_IMPORT_STATUSES],
      startFrom: null,
      reconcileDays: 2,
    });
  });

  it('keeps reconcileDays over a patch that omits it, and takes 0 (off) when given', () => {
    expect(resolveDownloadSettings({ pollIntervalSeconds: 30 }, stored).reconcileDays).toBe(7);
    expect(resolveDownloadSettings({ reconcileDays: 0 }, stored).reconcileDays).toBe(0);
  });

  it.each(['queue_ack', 'queue'] as const)('requires a queueCode for %s', (strategy) => {
    const attempt = () => resolveDownloadSettings({ strategy }, undefined);
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(
      expect.objectContaining({
        details: [expect.objectContaining({ field: 'download.queueCode' })],
      }),
    );
  });

  it('defaults the overlap per strategy: order numbers, or seconds', () => {
    expect(defaultOverlap('order_number')).toBe(30);
    expect(resolveDownloadSettings({ strategy: 'last_updated' }, undefined).overlap).toBe(300);
    expect(
      resolveDownloadSettings({ strategy: 'order_number', overlap: 5 }, undefined).overlap,
    ).toBe(5);
  });

  it('patches over the stored settings, re-defaulting the overlap when the strategy changes', () => {
    expect(resolveDownloadSettings({ pollIntervalSeconds: 30 }, stored)).toEqual({
      ...stored,
      pollIntervalSeconds: 30,
    });
    expect(resolveDownloadSettings({ strategy: 'order_number' }, stored).overlap).toBe(30);
    expect(resolveDownloadSettings({ startFrom: null }, stored).startFrom).toBeNull();
  });

  it('stores startFrom as a UTC ISO timestamp', () => {
    const resolved = resolveDownloadSettings(
      { strategy: 'date_range', startFrom: '2026-03-01T10:00:00+02:00' },
      undefined,
    );
    expect(resolved.startFrom).toBe('2026-03-01T08:00:00.000Z');
  });
});
