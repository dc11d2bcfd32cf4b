import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context';
import { DomainError } from '../../common/errors/domain-error';
import { InventoryEventsRepository } from '../inventory/inventory-events.repository';
import { StoresRepository } from '../stores/stores.repository';
import { CreateTrueUpDto, StockJobAcceptedDto, TrueUpDto } from './true-up.dto';
import { countTrueUp } from './true-up-plan';
import { TrueUpRunnerService } from './true-up-runner.service';
import { TrueUpsRepository } from './true-ups.repository';
import { repeatedIdentifiers } from './unique-identifiers';

/** Stock true-ups: accepted here, run in the background by TrueUpRunnerService. */
@Injectable()
export class TrueUpsService {
  constructor(
    private readonly trueUps: TrueUpsRepository,
    private readonly events: InventoryEventsRepository,
    private readonly stores: StoresRepository,
    private readonly runner: TrueUpRunnerService,
  ) {}

  async create(auth: AuthContext, dto: CreateTrueUpDto): Promise<StockJobAcceptedDto> {
    const repeated = repeatedIdentifiers(dto.levels, 'levels');
    if (repeated.length > 0) {
      throw DomainError.validation(repeated);
    }
    auth.assertStore(dto.storeId);
    if (!(await this.stores.exists(dto.storeId))) {
      throw DomainError.notFound('Store');
    }
    // Deltas accepted up to here are in the OMS's levels: they reach Miva before its stock is
    // read; later ones are held until this true-up's own deltas are queued.
    const watermark = await this.events.lastSeq();
    const id = await this.trueUps.create(
      dto.storeId,
      dto.apply ?? true,
      watermark,
      dto.levels.map((l) => ({ identifier: l.identifier, available: l.available })),
    );
    this.runner.wake();
    return { id };
  }

  async get(auth: AuthContext, id: string): Promise<TrueUpDto> {
    const trueUp = await this.trueUps.find(id);
    if (trueUp === null || !auth.canAccessStore(trueUp.storeId)) {
      throw DomainError.notFound('True-up');
    }
    const items = await this.trueUps.items(id);
    return {
      id: trueUp.id,
      storeId: trueUp.storeId,
      apply: trueUp.apply,
      status: trueUp.status,
      createdAt: trueUp.createdAt.toISOString(),
      finishedAt: trueUp.finishedAt?.toISOString() ?? null,
      counts: countTrueUp(items),
      items: items.map((i) => ({
        identifier: i.identifier,
        available: i.available,
        reserved: i.reserved,
        target: i.target,
        miva: i.miva,
        delta: i.delta,
        result: i.result,
        message: i.message,
      })),
    };
  }
}
