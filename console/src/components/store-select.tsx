import type { Store } from '../api/types';

/** A labelled store picker; '' = all stores. */
export function StoreSelect({
  id,
  stores,
  value,
  onChange,
  allLabel = 'All stores',
}: {
  id: string;
  stores: Store[] | undefined;
  value: string;
  onChange(storeId: string): void;
  allLabel?: string | null;
}) {
  return (
    <div class="field">
      <label for={id}>Store</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {allLabel !== null ? <option value="">{allLabel}</option> : null}
        {(stores ?? []).map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </div>
  );
}
