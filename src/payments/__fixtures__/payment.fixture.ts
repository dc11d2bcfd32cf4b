// Helpers for the per-gateway scenario specs: a Miva payment made with a given module.
import type { MivaPayment } from '../../miva-model/miva.models';
import { mivaModule, payment } from '../../mappers/__fixtures__/miva-order.fixture';
import type { PaymentMapping } from '../../mappers/mapper-settings';
import type { OmsPayment } from '../../mappers/oms-order.types';
import { defaultPaymentMapperRegistry } from '../payment-mapper.registry';

export { mivaModule, payment, PLACED_AT } from '../../mappers/__fixtures__/miva-order.fixture';

/** A payment through module (code, name, provider) with the given decrypted data. */
export function paidWith(
  code: string,
  name: string,
  provider: string,
  extra: Partial<MivaPayment> = {},
): MivaPayment {
  return payment({ id: 12, module: mivaModule(code, name, provider), ...extra });
}

export function mapPayment(p: MivaPayment, mappings: PaymentMapping[] = []): OmsPayment {
  return defaultPaymentMapperRegistry.map(p, { orderId: 200076, index: 0 }, mappings);
}
