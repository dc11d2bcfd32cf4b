// The support console (/console) in a real browser: Chromium driven by playwright-core, against the
// real service on its database with the bundled Miva simulator. It walks what support staff do:
// sign in, connect a store (a refused one first), sync with live progress, find an order, map a
// custom field with a preview then save and see it in the order, retry an exception, create and
// revoke an API key. Every screen is photographed at 1280×800 and at 390 px wide.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { ensureConsoleBuilt } from '../../scripts/build-console';
import { simulatorControl } from '../../src/simulator/control-client';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator';
import { eventually } from '../support/eventually';
import { ADMIN_KEY, bearer, startTestApp, TestApp } from '../support/test-app';
import { launchChromium, screenshot } from './console-browser';

const SEED = 41;
const ORDERS = 40;
const NEW_ORDERS = 5;

interface ExceptionBody {
  id: string;
  code: string;
  status: string;
  subject: { mivaOrderId?: number | null };
}

describe('support console in Chromium', () => {
  let t: TestApp;
  let sim: RunningSimulator;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let storeId = '';

  beforeAll(async () => {
    // Tests run from source: the console's static files are built here when missing or stale.
    await ensureConsoleBuilt();
    [t, sim, browser] = await Promise.all([
      startTestApp(),
      startSimulator({ orders: ORDERS, seed: SEED, generatorNow: 1_790_000_000 }),
      launchChromium(),
    ]);
    const address = t.server.address();
    if (address === null || typeof address === 'string') {
      throw new Error('no address');
    }
    base = `http://127.0.0.1:${address.port}`;
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([t?.close(), sim?.close()]);
  });

  const api = () => request(t.server);
  const openExceptions = async (code: string): Promise<ExceptionBody[]> => {
    const res = await api()
      .get('/api/v1/exceptions')
      .query({ storeId, code, status: 'open', limit: 500 })
      .set(bearer(ADMIN_KEY))
      .expect(200);
    return (res.body as { data: ExceptionBody[] }).data;
  };
  const go = async (hash: string) => {
    // Strings, not functions: this file is compiled without the DOM's types.
    await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
  };
  const fieldError = (id: string) => page.locator(`#${id}-error`);

  it('serves the single page under /console and leaves the API alone', async () => {
    const index = await api().get('/console').expect(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    // Any path below /console is the same page (hash routing needs no server routes).
    await api().get('/console/stores/anything').expect(200);
    const js = /src="(\/console\/assets\/app-[A-Z0-9]+\.js)"/.exec(index.text)?.[1] ?? '';
    const asset = await api().get(js).expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    // Gzipped when the browser takes it (supertest asks for gzip and unpacks it).
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    await api().get('/console/assets/nope.js').expect(404);
    expect((await api().get('/console/assets/../../package.json')).status).toBe(404);
    await api().get('/health').expect(200);
    await api().get('/api/v1/stores').expect(401);
  });

  it('refuses a wrong key with the API message, then signs in with the admin key', async () => {
    await page.goto(`${base}/console`);
    await page.getByLabel('API key').fill('not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/Sign-in refused: .+\(401 UNAUTHORIZED\)/);
    await screenshot(page, '01-sign-in-refused');

    await page.getByLabel('API key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Stores', level: 1 }).waitFor();
    await page.getByText('No store is connected yet').waitFor();
    // The key is in this tab's session storage and nowhere else.
    expect(await page.evaluate('localStorage.length')).toBe(0);
    expect(await page.evaluate('sessionStorage.length')).toBe(1);
    expect(await page.evaluate('document.cookie')).toBe('');
    await screenshot(page, '02-stores-empty');
  });

  it("connects a store: Miva's refusal at the token field, then the webhook URL once", async () => {
    await page.getByRole('link', { name: 'Connect a store' }).click();
    await page.getByLabel('Name').fill('Simulator store');
    await page.getByLabel('JSON API endpoint URL').fill(sim.endpointUrl);
    await page.getByLabel('Store code').fill(sim.storeCode);
    await page.getByLabel('Access token').fill('wrong-token');
    await page.getByLabel('Signing key (base64)').fill(sim.signingKey);
    // No payment passphrase: the store's card payments cannot be decrypted (an exception to fix).
    // No daily reconcile: it would re-read those orders once the passphrase is fixed, and resolve
    // their exceptions before the console's retry does.
    await page.getByLabel('Daily reconcile window (days, 0 = off)').fill('0');
    await page.getByRole('button', { name: 'Connect' }).click();
    await fieldError('store-accessToken').waitFor();
    expect(await fieldError('store-accessToken').textContent()).toBe('Miva: Access denied');
    expect(await page.getByLabel('Access token').getAttribute('aria-invalid')).toBe('true');
    // Focus moved to the field Miva refused.
    expect(await page.evaluate('document.activeElement?.id')).toBe('store-accessToken');
    await screenshot(page, '03-connect-refused');

    await page.getByLabel('Access token').fill(sim.accessToken);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('heading', { name: 'Store connected' }).waitFor();
    const webhook = await page.getByLabel('Webhook URL').inputValue();
    expect(webhook).toMatch(
      new RegExp(`^${base}/api/v1/webhooks/miva/[0-9a-f-]{36}\\?token=[A-Za-z0-9_-]+$`),
    );
    storeId = /miva\/([0-9a-f-]{36})/.exec(webhook)?.[1] ?? '';
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(webhook);
    // The URL works as a webhook (the token is real), and no later read shows it.
    await api()
      .post(new URL(webhook).pathname + new URL(webhook).search)
      .expect(202);
    const stored = await api().get(`/api/v1/stores/${storeId}`).set(bearer(ADMIN_KEY)).expect(200);
    expect((stored.body as { webhookUrl: string }).webhookUrl).not.toContain('token=');
    await screenshot(page, '04-connected-webhook-once');
  });

  it('syncs now with live progress of the run', async () => {
    // The store's first download (due at once on creation) and the webhook's, then new orders.
    await eventually(async () => {
      const res = await api()
        .get(`/api/v1/orders?storeId=${storeId}&limit=500`)
        .set(bearer(ADMIN_KEY))
        .expect(200);
      const running = await api()
        .get(`/api/v1/stores/${storeId}/sync-runs`)
        .set(bearer(ADMIN_KEY))
        .expect(200);
      return (
        (res.body as { data: unknown[] }).data.length === ORDERS &&
        !(running.body as { status: string }[]).some((r) => r.status === 'running')
      );
    });
    await simulatorControl(sim, 'POST', '/orders', { count: NEW_ORDERS, seed: SEED + 1 });
    // Slow Miva down so the run is visibly in progress before it finishes.
    await simulatorControl(sim, 'PUT', '/faults', { latencyMs: 150 });
    await page.getByRole('link', { name: 'Open the store' }).click();
    await page.getByRole('heading', { name: 'Simulator store', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Sync now' }).click();
    const progress = page.locator('.run-progress');
    await progress.waitFor();
    const seen = await progress.getAttribute('data-status');
    expect(['starting', 'running']).toContain(seen);
    await page.locator('.run-progress progress').waitFor();
    await page.locator('.run-progress[data-status="succeeded"]').waitFor({ timeout: 30_000 });
    expect(await progress.textContent()).toContain(`${NEW_ORDERS} new`);
    await simulatorControl(sim, 'DELETE', '/faults');
    // The run history lists it (refreshed when the run ended).
    await page
      .locator('table.runs tbody tr', { hasText: 'manual' })
      .first()
      .getByText('succeeded')
      .waitFor();
    // Reconcile the default window (the last reconcileDays days): a run with its own progress.
    await page.getByRole('button', { name: 'Reconcile', exact: true }).click();
    await page.locator('.run-progress', { hasText: 'Reconcile' }).waitFor();
    await page
      .locator('.run-progress[data-status="succeeded"]', { hasText: 'Reconcile' })
      .waitFor({ timeout: 30_000 });
    await screenshot(page, '05-store-synced');
    await go('#/stores');
    await page.locator(`tr[data-store-id="${storeId}"]`).waitFor();
    await page.locator('.badge-ok, .badge-warning, .badge-failing, .error-text').first().waitFor();
    await screenshot(page, '06-stores-health');
  });

  it('finds an order by its Miva number and shows it beside the raw Miva order', async () => {
    const mivaOrderId = sim.state.orderIds()[3]!;
    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByLabel('Miva order number').fill(String(mivaOrderId));
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('heading', { name: `Order ${mivaOrderId}` }).waitFor();
    await page.getByRole('heading', { name: 'OMS order' }).waitFor();
    await page.locator('pre.raw').waitFor();
    const raw = JSON.parse((await page.locator('pre.raw').textContent()) ?? '{}') as { id: number };
    expect(raw.id).toBe(mivaOrderId);
    await page.getByRole('button', { name: 'Refetch from Miva' }).click();
    await page.getByText(/Read again from Miva: unchanged, still revision 1\./).waitFor();
    await screenshot(page, '07-order');
  });

  it('maps a custom field: discovered with its example, previewed on an order, saved, remapped', async () => {
    const withGift = sim.state
      .orderIds()
      .map((id) => sim.state.getOrder(id)!.order)
      .find((o) => {
        const fields = o.CustomField_Values?.customfields as Record<string, unknown> | undefined;
        return typeof fields?.gift_msg === 'string' && fields.gift_msg !== '';
      });
    expect(withGift).toBeDefined();
    const gift = (withGift!.CustomField_Values!.customfields as Record<string, string>).gift_msg!;

    await go(`#/stores/${storeId}/mappings`);
    const discovered = page.locator('tr[data-miva-field="customfields:gift_msg"]');
    await discovered.waitFor();
    expect(await discovered.locator('td.example').textContent()).not.toBe('');
    await page.getByRole('button', { name: 'Map customfields:gift_msg' }).click();
    expect(await page.getByLabel('OMS name for customfields:gift_msg').inputValue()).toBe(
      'giftMsg',
    );
    await page.getByLabel('Miva order number').fill(String(withGift!.id));
    await page.getByRole('button', { name: 'Preview' }).click();
    const changed = page.locator('table.changes tr.changed');
    await changed.waitFor();
    expect(await changed.textContent()).toContain(gift);
    await screenshot(page, '08-mappings-preview');
    // Nothing is saved by a preview.
    const before = await api()
      .get(`/api/v1/stores/${storeId}/mappings/custom-fields`)
      .set(bearer(ADMIN_KEY))
      .expect(200);
    expect(before.body).toEqual([]);

    await page.getByRole('button', { name: 'Save and remap stored orders' }).click();
    await page
      .getByText(/Remap done|Remap/)
      .first()
      .waitFor();
    await eventually(async () => {
      const remapDone = await page.locator('.run-progress[data-status="succeeded"]').count();
      const inline = await page.getByText(/Remap done:/).count();
      return remapDone + inline > 0;
    });
    await screenshot(page, '09-mappings-saved-remapped');

    await go(`#/stores/${storeId}/orders/${withGift!.id}`);
    const customFields = page.locator('dl.custom-fields');
    await customFields.waitFor();
    expect(await customFields.textContent()).toContain(`giftMsg${gift}`);
  });

  it('retries an exception after the cause is fixed: it resolves', async () => {
    const open = await eventually(async () => {
      const list = await openExceptions('PAYMENT_NOT_DECRYPTED');
      return list.length > 0 && list;
    });
    // The cause: the store had no payment passphrase. Fix it in the console's store form.
    await go(`#/stores/${storeId}/edit`);
    await page.getByLabel('Payment passphrase (optional)').fill(sim.passphrase);
    await page.getByRole('button', { name: 'Save' }).click();
    // Saved: the console is back on the store's page.
    await page.getByRole('heading', { name: 'Simulator store', exact: true, level: 1 }).waitFor();

    await go('#/exceptions');
    const row = page.locator(`tr[data-exception-id="${open[0]!.id}"]`);
    await row.waitFor();
    await screenshot(page, '10-exceptions-open');
    await row.getByRole('button', { name: /^Retry/ }).click();
    await page.getByText(/Retry of PAYMENT_NOT_DECRYPTED started/).waitFor();
    await eventually(async () => {
      const res = await api()
        .get('/api/v1/exceptions')
        .query({ storeId, status: 'resolved', limit: 500 })
        .set(bearer(ADMIN_KEY))
        .expect(200);
      return (res.body as { data: ExceptionBody[] }).data.some((e) => e.id === open[0]!.id);
    });
    await page.getByLabel('Status').selectOption('resolved');
    await page.locator(`tr[data-exception-id="${open[0]!.id}"] .badge-resolved`).waitFor();
    await screenshot(page, '11-exceptions-resolved');

    // The rest, as a selection.
    const rest = open.slice(1);
    if (rest.length > 0) {
      await page.getByLabel('Status').selectOption('open');
      await page.getByLabel('Select all on this page').check();
      await page.getByRole('button', { name: /Retry selected/ }).click();
      await page.getByText(/Retried \d+ of \d+/).waitFor();
    }
  });

  it('creates an API key shown once, and revokes it after a confirmation', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name', { exact: true }).fill('console-e2e');
    await page.getByRole('button', { name: 'Create key' }).click();
    const keyField = page.getByLabel('API key', { exact: true });
    await keyField.waitFor();
    const key = await keyField.inputValue();
    await api().get('/api/v1/orders?limit=1').set(bearer(key)).expect(200);
    await page.locator('tr[data-key-name="console-e2e"]').waitFor();
    await screenshot(page, '12-api-key-created');

    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Revoke console-e2e' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await screenshot(page, '13-api-key-revoke-confirm');
    // Cancel first: nothing happens.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await api().get('/api/v1/orders?limit=1').set(bearer(key)).expect(200);
    await page.getByRole('button', { name: 'Revoke console-e2e' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await page.getByText('Revoked “console-e2e”.').waitFor();
    // The list, read again, no longer has it.
    await page.locator('tr[data-key-name="console-e2e"]').waitFor({ state: 'detached' });
    await eventually(async () => {
      const res = await api().get('/api/v1/orders?limit=1').set(bearer(key));
      return res.status === 401;
    });
  });

  it('is usable at 390 px wide', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [hash, name] of [
      ['#/stores', '14-phone-stores'],
      [`#/stores/${storeId}`, '15-phone-store'],
      [`#/stores/${storeId}/orders/${sim.state.orderIds()[3]!}`, '16-phone-order'],
      ['#/exceptions', '17-phone-exceptions'],
      [`#/stores/${storeId}/mappings`, '18-phone-mappings'],
    ] as const) {
      await go(hash);
      await page.locator('main h1').first().waitFor();
      await page.locator('.loading').first().waitFor({ state: 'detached' });
      await screenshot(page, name);
      await screenshot(page, `${name}-viewport`, false);
      // Nothing sticks out sideways: the page does not scroll horizontally (else: what is too wide).
      const tooWide = await page.evaluate(`[...document.querySelectorAll('main *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 3).map((e) => e.tagName + '.' + e.className)`);
      expect({ hash, tooWide }).toEqual({ hash, tooWide: [] });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('signs out: the key leaves the tab', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
  });
});
