import { Injectable } from '@nestjs/common';
import { AuthContext } from '../../common/auth/auth-context';
import { DomainError } from '../../common/errors/domain-error';
import { RawOrderRepository } from './raw-order.repository';

/** Miva's order as the bridge last downloaded it, for support staff to compare with the mapping. */
@Injectable()
export class RawOrderService {
  constructor(private readonly raw: RawOrderRepository) {}

  async get(auth: AuthContext, storeId: string, mivaOrderId: number): Promise<string> {
    // Key store lists come back from Postgres (uuid[]) in lower case.
    auth.assertStore(storeId.toLowerCase(), 'Order');
    const json = await this.raw.rawJson(storeId, mivaOrderId);
    if (json === null) {
      throw DomainError.notFound('Order');
    }
    return json;
  }
}
