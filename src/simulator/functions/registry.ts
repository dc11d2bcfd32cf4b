// Which functions the simulator answers and how a call finds its handler (docs/MIVA.md §3, §8-§10).
import { error, MivaError, type MivaResponse, ok } from '../json';
import type { Params } from '../params';
import type { SimulatorState } from '../state';
import type { CallContext, Handler } from './context';
import { orderCustomFieldListLoad, orderCustomFieldsUpdate } from './order-custom-fields';
import {
  backOrderItems,
  cancelItems,
  createShipment,
  shipmentListUpdate,
  splitItem,
} from './order-items';
import { orderListLoadQuery } from './order-list';
import { productListAdjustInventory, productListLoadQuery, productUpdate } from './products';
import { orderListAcknowledge, queueOrderListLoadQuery } from './workflow';

const STORE_FUNCTIONS: Record<string, Handler> = {
  orderlist_load_query: orderListLoadQuery,
  orderitemlist_createshipment: createShipment,
  orderitem_split: splitItem,
  ordershipmentlist_update: shipmentListUpdate,
  orderitemlist_cancel: cancelItems,
  orderitemlist_backorder: backOrderItems,
  ordercustomfieldlist_load: orderCustomFieldListLoad,
  ordercustomfields_update: orderCustomFieldsUpdate,
  productlist_adjust_inventory: productListAdjustInventory,
  productlist_load_query: productListLoadQuery,
  product_update: productUpdate,
};

const DOMAIN_FUNCTIONS: Record<string, Handler> = {
  mivamerchantversion: ({ state }) => {
    const [major, minor, bugfix] = state.apiVersion.split('.').map(Number);
    return ok({ version: state.apiVersion, major, minor, bugfix });
  },
};

const MODULES: Record<
  string,
  { invalidFunction: MivaResponse; functions: Record<string, Handler> }
> = {
  orderworkflow: {
    invalidFunction: error('MER-UTIL-ORWF-00117', 'Invalid function'),
    functions: {
      queueorderlist_load_query: queueOrderListLoadQuery,
      orderlist_acknowledge: orderListAcknowledge,
    },
  },
};

/** The name logged for a call: the function, or `Module:<code>:<function>`. */
export function callName(params: Params): string {
  const fn = params.string('Function') ?? '';
  return fn.toLowerCase() === 'module'
    ? `Module:${params.string('Module_Code') ?? ''}:${params.string('Module_Function') ?? ''}`
    : fn;
}

function storeCheck(state: SimulatorState, params: Params): MivaResponse | null {
  const code = params.string('Store_Code');
  if (code === undefined || code === '') {
    return error('MER-JSN-00017', 'Missing required parameter Store_Code');
  }
  // [I] The exact code Miva uses for an unknown store was not found in the sources.
  return code.toLowerCase() === state.storeCode.toLowerCase()
    ? null
    : error('MER-JSN-00016', 'Store not found');
}

function run(handler: Handler, ctx: CallContext): MivaResponse {
  try {
    return handler(ctx);
  } catch (e) {
    if (e instanceof MivaError) {
      return e.response;
    }
    throw e;
  }
}

export function dispatch(state: SimulatorState, params: Params): MivaResponse {
  const fn = params.string('Function');
  if (fn === undefined || fn === '') {
    return error('MER-JSN-00024', 'Missing required parameter Function');
  }
  const ctx: CallContext = { state, params };
  const key = fn.toLowerCase();
  if (key === 'module') {
    const code = params.string('Module_Code');
    if (!code) {
      return error('MER-JSN-00025', 'Missing required parameter Module_Code');
    }
    const mf = params.string('Module_Function');
    if (!mf) {
      return error('MER-JSN-00026', 'Missing required parameter Module_Function');
    }
    const mod = MODULES[code.toLowerCase()];
    if (!mod) {
      return error('invalid_module', 'Invalid module');
    }
    const bad = storeCheck(state, params);
    if (bad) {
      return bad;
    }
    const handler = mod.functions[mf.toLowerCase()];
    return handler ? run(handler, ctx) : mod.invalidFunction;
  }
  const domain = DOMAIN_FUNCTIONS[key];
  if (domain) {
    return run(domain, ctx);
  }
  const handler = STORE_FUNCTIONS[key];
  if (!handler) {
    return error('invalid_function', 'Invalid function');
  }
  const bad = storeCheck(state, params);
  return bad ?? run(handler, ctx);
}
