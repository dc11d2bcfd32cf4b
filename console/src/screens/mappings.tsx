import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import {
  CustomFieldMapping,
  DiscoveredField,
  DiscoveredPaymentModule,
  GATEWAYS,
  Order,
  Page,
  PaymentMapping,
  Store,
  SyncRun,
} from '../api/types';
import { Badge, Empty, ErrorMessage, Loading, Section, Time } from '../components/basics';
import { Field } from '../components/field';
import { RunProgress } from '../components/run-progress';
import {
  customFieldChanges,
  suggestOmsField,
  withCustomField,
  withPaymentOverride,
} from '../lib/mapping-draft';
import { useAction, useApi } from '../lib/use-api';

interface Preview {
  current: Order;
  preview: Order;
}

// 202 {runId} (a background run); older builds answered with the counts themselves.
type RemapOutcome = Partial<Pick<SyncRun, 'ordersSeen' | 'ordersUpdated'>> & { runId?: string };

/**
 * Custom fields picked from the fields seen in the store's orders, payment module overrides, a
 * preview on one stored order before anything is saved, then save (and remap the stored orders).
 */
export function MappingsScreen({ storeId }: { storeId: string }) {
  const store = useApi<Store>(`/stores/${storeId}`);
  const saved = useApi<CustomFieldMapping[]>(`/stores/${storeId}/mappings/custom-fields`);
  const savedPayments = useApi<PaymentMapping[]>(`/stores/${storeId}/mappings/payments`);
  const discovered = useApi<DiscoveredField[]>(
    `/stores/${storeId}/mappings/custom-fields/discovered`,
  );
  const modules = useApi<DiscoveredPaymentModule[]>(
    `/stores/${storeId}/mappings/payments/discovered`,
  );
  const firstOrder = useApi<Page<Order>>(`/orders?storeId=${storeId}&limit=1`);

  const [fields, setFields] = useState<CustomFieldMapping[] | undefined>(undefined);
  const [payments, setPayments] = useState<PaymentMapping[] | undefined>(undefined);
  const [orderNumber, setOrderNumber] = useState('');
  const [preview, setPreview] = useState<Preview | undefined>(undefined);
  const [savedNote, setSavedNote] = useState<string | undefined>(undefined);
  const [remap, setRemap] = useState<RemapOutcome | undefined>(undefined);
  const previewAction = useAction();
  const saveAction = useAction();

  useEffect(() => {
    if (saved.data && fields === undefined) {
      setFields(saved.data);
    }
  }, [saved.data, fields]);
  useEffect(() => {
    if (savedPayments.data && payments === undefined) {
      setPayments(savedPayments.data);
    }
  }, [savedPayments.data, payments]);
  useEffect(() => {
    const first = firstOrder.data?.data[0];
    if (first && orderNumber === '') {
      setOrderNumber(String(first.sourceOrderId));
    }
    // Only the first answer fills the field; the person's own edits stay.
  }, [firstOrder.data]);

  const draftFields = fields ?? [];
  const draftPayments = payments ?? [];
  const dirty =
    JSON.stringify(draftFields) !== JSON.stringify(saved.data ?? []) ||
    JSON.stringify(draftPayments) !== JSON.stringify(savedPayments.data ?? []);

  const runPreview = async (event: Event) => {
    event.preventDefault();
    const result = await previewAction.run(() =>
      api<Preview>('POST', `/stores/${storeId}/mappings/preview`, {
        mivaOrderId: Number(orderNumber),
        customFields: draftFields,
        payments: draftPayments,
      }),
    );
    setPreview(result);
  };

  const save = async (andRemap: boolean) => {
    setSavedNote(undefined);
    setRemap(undefined);
    const ok = await saveAction.run(async () => {
      await api('PUT', `/stores/${storeId}/mappings/custom-fields`, draftFields);
      await api('PUT', `/stores/${storeId}/mappings/payments`, draftPayments);
      return true;
    });
    if (!ok) {
      return;
    }
    saved.reload();
    savedPayments.reload();
    setSavedNote(
      andRemap
        ? 'Saved. Remapping the stored orders…'
        : 'Saved. Orders downloaded from now on use these mappings.',
    );
    if (andRemap) {
      const outcome = await saveAction.run(() =>
        api<RemapOutcome>('POST', `/stores/${storeId}/remap`),
      );
      setRemap(outcome);
    }
  };

  return (
    <>
      <div class="title-row">
        <h1>Mappings{store.data ? `: ${store.data.name}` : ''}</h1>
        <div class="actions">
          <a class="button" href={`#/stores/${storeId}`}>
            Back to the store
          </a>
        </div>
      </div>
      <ErrorMessage error={store.error} action="The store could not be read" />

      <Section title="Custom fields" id="custom-fields">
        <p class="muted">
          Which Miva custom order fields the OMS receives in <code>customFields</code>, and under
          which name.
        </p>
        <ErrorMessage error={saved.error} action="The saved mappings could not be read" />
        {fields === undefined && saved.loading ? <Loading what="Loading the mappings" /> : null}
        {fields !== undefined ? <MappingRows fields={draftFields} onChange={setFields} /> : null}
        <h3>Fields seen in this store's orders</h3>
        <ErrorMessage error={discovered.error} action="The discovered fields could not be read" />
        {discovered.loading && !discovered.data ? (
          <Loading what="Looking through the stored orders" />
        ) : null}
        {discovered.data && discovered.data.length === 0 ? (
          <Empty>No custom field in the stored orders yet.</Empty>
        ) : null}
        {discovered.data && discovered.data.length > 0 ? (
          <div class="table-wrap">
            <table class="discovered">
              <thead>
                <tr>
                  <th scope="col">Miva field</th>
                  <th scope="col" class="num">
                    Orders
                  </th>
                  <th scope="col">Example</th>
                  <th scope="col">Last seen</th>
                  <th scope="col">
                    <span class="sr-only">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {discovered.data.map((d) => {
                  const mapped = draftFields.find((m) => m.mivaField === d.mivaField);
                  return (
                    <tr key={d.mivaField} data-miva-field={d.mivaField}>
                      <td data-label="Miva field">
                        <code>{d.mivaField}</code>
                      </td>
                      <td data-label="Orders" class="num">
                        {d.orders}
                      </td>
                      <td data-label="Example" class="example">
                        {d.example ?? <span class="muted">—</span>}
                      </td>
                      <td data-label="Last seen">
                        <Time iso={d.lastSeenAt} />
                      </td>
                      <td>
                        {mapped ? (
                          <span class="muted">mapped as {mapped.omsField}</span>
                        ) : (
                          <button
                            type="button"
                            aria-label={`Map ${d.mivaField}`}
                            onClick={() => setFields(withCustomField(draftFields, d.mivaField))}
                          >
                            Map
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </Section>

      <Section title="Payment modules" id="payment-modules">
        <p class="muted">
          What each Miva payment module is recognised as; an override replaces the recognition.
        </p>
        <ErrorMessage error={modules.error} action="The payment modules could not be read" />
        <ErrorMessage error={savedPayments.error} action="The saved overrides could not be read" />
        {modules.loading && !modules.data ? (
          <Loading what="Looking through the stored payments" />
        ) : null}
        {modules.data && modules.data.length === 0 ? (
          <Empty>No payment in the stored orders yet.</Empty>
        ) : null}
        {modules.data && modules.data.length > 0 ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Module</th>
                  <th scope="col" class="num">
                    Payments
                  </th>
                  <th scope="col">Recognised as</th>
                  <th scope="col">Override</th>
                </tr>
              </thead>
              <tbody>
                {modules.data.map((m) => {
                  const override =
                    draftPayments.find((p) => p.mivaModule === m.mivaModule)?.gateway ?? '';
                  const id = `override-${m.mivaModule.replace(/[^A-Za-z0-9_-]/g, '_')}`;
                  return (
                    <tr key={m.mivaModule}>
                      <td data-label="Module">
                        <code>{m.mivaModule}</code>
                        <div class="muted small">
                          {[m.name, m.provider].filter(Boolean).join(' · ')}
                        </div>
                      </td>
                      <td data-label="Payments" class="num">
                        {m.payments}
                      </td>
                      <td data-label="Recognised as">
                        <Badge value="neutral" label={m.recognisedAs} />
                      </td>
                      <td data-label="Override">
                        <label class="sr-only" for={id}>
                          Override for {m.mivaModule}
                        </label>
                        <select
                          id={id}
                          value={override}
                          onChange={(e) =>
                            setPayments(
                              withPaymentOverride(
                                draftPayments,
                                m.mivaModule,
                                e.currentTarget.value,
                              ),
                            )
                          }
                        >
                          <option value="">No override</option>
                          {GATEWAYS.map((g) => (
                            <option key={g} value={g}>
                              {g}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </Section>

      <Section title="Preview on an order" id="preview">
        <form class="inline-form" onSubmit={(e) => void runPreview(e)}>
          <Field
            id="preview-order"
            label="Miva order number"
            hint="A stored order of this store; nothing is saved."
          >
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                pattern="[0-9]+"
                required
                value={orderNumber}
                onInput={(e) => setOrderNumber(e.currentTarget.value)}
              />
            )}
          </Field>
          <button type="submit" disabled={previewAction.pending || orderNumber === ''}>
            {previewAction.pending ? 'Mapping…' : 'Preview'}
          </button>
        </form>
        <ErrorMessage error={previewAction.error} action="No preview" />
        {preview ? <PreviewView preview={preview} /> : null}
      </Section>

      <div class="save-bar card">
        <p class="muted">{dirty ? 'Unsaved changes.' : 'No unsaved change.'}</p>
        <div class="actions">
          <button
            type="button"
            onClick={() => void save(false)}
            disabled={saveAction.pending || fields === undefined}
          >
            Save
          </button>
          <button
            type="button"
            class="primary"
            onClick={() => void save(true)}
            disabled={saveAction.pending || fields === undefined}
          >
            Save and remap stored orders
          </button>
        </div>
        {savedNote ? (
          <p role="status" class="ok-text">
            {savedNote}
          </p>
        ) : null}
        <ErrorMessage error={saveAction.error} action="Not saved" />
        {remap && remap.runId ? (
          <RunProgress storeId={storeId} runId={remap.runId} title="Remap" />
        ) : null}
        {remap && !remap.runId ? (
          <p role="status" class="ok-text">
            Remap done: {remap.ordersSeen ?? 0} orders remapped, {remap.ordersUpdated ?? 0} with a
            new revision.
          </p>
        ) : null}
      </div>
    </>
  );
}

function MappingRows({
  fields,
  onChange,
}: {
  fields: CustomFieldMapping[];
  onChange(next: CustomFieldMapping[]): void;
}) {
  const [newField, setNewField] = useState('');
  if (fields.length === 0 && newField === '') {
    return (
      <>
        <Empty>No custom field is mapped. Pick one below.</Empty>
        <AddField
          value={newField}
          setValue={setNewField}
          onAdd={(f) => onChange(withCustomField(fields, f))}
        />
      </>
    );
  }
  return (
    <>
      <div class="table-wrap">
        <table class="mappings">
          <thead>
            <tr>
              <th scope="col">Miva field</th>
              <th scope="col">OMS name</th>
              <th scope="col">
                <span class="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {fields.map((m, i) => (
              <tr key={m.mivaField}>
                <td data-label="Miva field">
                  <code>{m.mivaField}</code>
                </td>
                <td data-label="OMS name">
                  <label class="sr-only" for={`oms-${i}`}>
                    OMS name for {m.mivaField}
                  </label>
                  <input
                    id={`oms-${i}`}
                    value={m.omsField}
                    onInput={(e) =>
                      onChange(withCustomField(fields, m.mivaField, e.currentTarget.value))
                    }
                  />
                </td>
                <td>
                  <button
                    type="button"
                    class="link"
                    aria-label={`Unmap ${m.mivaField}`}
                    onClick={() => onChange(fields.filter((f) => f !== m))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AddField
        value={newField}
        setValue={setNewField}
        onAdd={(f) => onChange(withCustomField(fields, f))}
      />
    </>
  );
}

function AddField({
  value,
  setValue,
  onAdd,
}: {
  value: string;
  setValue(v: string): void;
  onAdd(field: string): void;
}) {
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.includes(':')) {
          onAdd(value.trim());
          setValue('');
        }
      }}
    >
      <Field
        id="add-miva-field"
        label="Another Miva field"
        hint={`<module>:<field code>, e.g. customfields:gift_msg → ${suggestOmsField('customfields:gift_msg')}`}
      >
        {(p) => <input {...p} value={value} onInput={(e) => setValue(e.currentTarget.value)} />}
      </Field>
      <button type="submit">Add</button>
    </form>
  );
}

function PreviewView({ preview }: { preview: Preview }) {
  const changes = customFieldChanges(preview.current.customFields, preview.preview.customFields);
  const payments = preview.current.payments.map((p, i) => ({
    current: p,
    next: preview.preview.payments[i],
  }));
  return (
    <div class="preview" data-testid="preview">
      <p>
        Order <strong>{preview.current.sourceOrderId}</strong>, revision {preview.current.revision}.
      </p>
      <h3>Custom fields</h3>
      {changes.length === 0 ? (
        <Empty>Neither mapping gives this order a custom field.</Empty>
      ) : (
        <div class="table-wrap">
          <table class="changes">
            <thead>
              <tr>
                <th scope="col">OMS name</th>
                <th scope="col">Now</th>
                <th scope="col">With these mappings</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.name} class={c.changed ? 'changed' : ''}>
                  <td data-label="OMS name">
                    <code>{c.name}</code>
                  </td>
                  <td data-label="Now">{c.current}</td>
                  <td data-label="With these mappings">
                    {c.preview}
                    {c.changed ? <span class="sr-only"> (changed)</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {payments.length > 0 ? (
        <>
          <h3>Payments</h3>
          <ul class="plain">
            {payments.map(({ current, next }, i) => (
              <li key={i}>
                <code>{current.mivaModule ?? '?'}</code> {current.amount}: {current.gateway}
                {next && next.gateway !== current.gateway ? (
                  <strong> → {next.gateway}</strong>
                ) : (
                  ' (unchanged)'
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
