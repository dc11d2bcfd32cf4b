import { DownloadOptions } from './download-options';

describe('DownloadOptions', () => {
  it('takes the values given at creation and keeps the defaults for the rest', () => {
    const options = new DownloadOptions({ pageSize: 40, retryBaseSeconds: 1 });
    expect(options).toMatchObject({ pageSize: 40, retryBaseSeconds: 1, commitAttempts: 3 });
    expect(new DownloadOptions().pageSize).toBe(250);
  });

  it('is read-only once created', () => {
    const options = new DownloadOptions();
    expect(() => {
      (options as { pageSize: number }).pageSize = 5;
    }).toThrow(TypeError);
    expect(options.pageSize).toBe(250);
  });
});
