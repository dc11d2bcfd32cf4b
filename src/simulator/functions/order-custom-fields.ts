// Order custom fields, including the orderworkflow queue checkboxes (docs/MIVA.md §8.3).
import { error, fieldError, type MivaResponse, missingParam, ok } from '../json';
import { text, toBool } from '../params';
import type { CallContext } from './context';
import { loadOrder } from './order-items';

const ORDERWORKFLOW_MODULE = {
  id: 60,
  code: 'orderworkflow',
  name: 'Order Workflows',
  provider: 'Miva, Inc.',
};
const CUSTOMFIELDS_MODULE = {
  id: 61,
  code: 'customfields',
  name: 'Custom Fields',
  provider: 'Miva, Inc.',
};

export function orderCustomFieldListLoad(ctx: CallContext): MivaResponse {
  const { state } = ctx;
  const fields: Record<string, unknown>[] = [];
  for (const [code, def] of state.customFieldDefs) {
    fields.push({
      code,
      name: def.name,
      type: def.type,
      public: false,
      readonly: false,
      searchable: true,
      sortable: true,
      module: CUSTOMFIELDS_MODULE,
    });
  }
  for (const q of state.queues.values()) {
    fields.push({
      code: q.code,
      name: q.name,
      type: 'checkbox',
      public: false,
      readonly: false,
      searchable: true,
      sortable: true,
      module: ORDERWORKFLOW_MODULE,
    });
  }
  return ok(fields);
}

export function orderCustomFieldsUpdate(ctx: CallContext): MivaResponse {
  const { state } = ctx;
  const rec = loadOrder(ctx);
  const values = ctx.params.get('CustomField_Values');
  if (values === undefined) {
    return missingParam('CustomField_Values');
  }
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    return fieldError('CustomField_Values', 'Invalid value');
  }
  const entries = Object.entries(values as Record<string, unknown>);
  // Validate everything before changing anything.
  for (const [mod, fields] of entries) {
    if (mod !== 'customfields' && mod !== 'orderworkflow') {
      return error('MER-JSN-ORD-00074', `Module '${mod}' not found`);
    }
    if (fields === null || typeof fields !== 'object') {
      return error('MER-JSN-ORD-00075', `Invalid values for module '${mod}'`);
    }
    for (const code of Object.keys(fields)) {
      const known =
        mod === 'orderworkflow' ? state.queues.has(code) : state.customFieldDefs.has(code);
      if (!known) {
        return fieldError(`CustomField_Values:${mod}:${code}`, 'Field not found');
      }
    }
  }
  let changed = false;
  for (const [mod, fields] of entries) {
    for (const [code, value] of Object.entries(fields as Record<string, unknown>)) {
      if (mod === 'orderworkflow') {
        state.setQueueMembership(code, rec.order.id, toBool(value) === true);
        continue;
      }
      const numeric = state.customFieldDefs.get(code)?.type === 'numeric';
      const cf = (rec.order.CustomField_Values ??= {});
      const bucket = (cf[mod] ??= {});
      bucket[code] = numeric
        ? Number(value) || 0
        : value === null || value === undefined
          ? ''
          : text(value);
      changed = true;
    }
  }
  if (changed) {
    state.touch(rec, { recalc: false });
  }
  return ok();
}
