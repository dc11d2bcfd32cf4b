import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context';
import { DomainError, ErrorDetail } from '../../common/errors/domain-error';
import { StoresRepository } from '../stores/stores.repository';
import { CreateListingSyncDto, ListingSyncDto } from './listing-sync.dto';
import { countListings, listingChanges, moneyToCents } from './listing-plan';
import { ListingSyncRunnerService } from './listing-sync-runner.service';
import { ListingSyncsRepository } from './listing-syncs.repository';
import type { StockJobAcceptedDto } from './true-up.dto';
import { repeatedIdentifiers } from './unique-identifiers';

/** Listing syncs: accepted here, run in the background by ListingSyncRunnerService. */
@Injectable()
export class ListingSyncsService {
  constructor(
    private readonly syncs: ListingSyncsRepository,
    private readonly stores: StoresRepository,
    private readonly runner: ListingSyncRunnerService,
  ) {}

  async create(auth: AuthContext, dto: CreateListingSyncDto): Promise<StockJobAcceptedDto> {
    const problems: ErrorDetail[] = dto.listings.flatMap((l, i) =>
      l.price === undefined && l.active === undefined
        ? [{ field: `listings.${i}`, message: 'name at least one field to set: price, active' }]
        : [],
    );
    problems.push(...repeatedIdentifiers(dto.listings, 'listings'));
    if (problems.length > 0) {
      throw DomainError.validation(problems);
    }
    auth.assertStore(dto.storeId);
    if (!(await this.stores.exists(dto.storeId))) {
      throw DomainError.notFound('Store');
    }
    const id = await this.syncs.create(
      dto.storeId,
      dto.listings.map((l) => ({
        identifier: l.identifier,
        priceCents: l.price === undefined ? null : moneyToCents(l.price),
        active: l.active ?? null,
      })),
    );
    this.runner.wake();
    return { id };
  }

  async get(auth: AuthContext, id: string): Promise<ListingSyncDto> {
    const sync = await this.syncs.find(id);
    if (sync === null || !auth.canAccessStore(sync.storeId)) {
      throw DomainError.notFound('Listing sync');
    }
    const items = await this.syncs.items(id);
    return {
      id: sync.id,
      storeId: sync.storeId,
      status: sync.status,
      createdAt: sync.createdAt.toISOString(),
      finishedAt: sync.finishedAt?.toISOString() ?? null,
      counts: countListings(items),
      items: items.map((i) => ({
        identifier: i.identifier,
        result: i.result,
        changes: i.result === 'unknown' ? {} : listingChanges(i),
        message: i.message,
      })),
    };
  }
}
