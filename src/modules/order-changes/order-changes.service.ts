import { Injectable } from '@nestjs/common';
import { AuthContext } from '../../common/auth/auth-context';
import { DomainError } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';
import { changeDifferences, ChangeContent, planChangeLines } from './order-change-plan';
import {
  BackorderDto,
  CancellationDto,
  ChangeLineInputDto,
  CreateBackorderDto,
  CreateCancellationDto,
} from './order-change.dto';
import { OrderChangeEntity, OrderChangeKind } from './order-change.entity';
import { OrderChangeRelayService } from './order-change-relay.service';
import { OrderChangesRepository } from './order-changes.repository';

export interface CreateChangeResult<T> {
  /** False when the ref was seen before with the same content: the existing record is returned. */
  created: boolean;
  change: T;
}

/** A request of either kind, as the service handles it. */
interface ChangeRequest {
  kind: OrderChangeKind;
  ref: string;
  lines: ChangeLineInputDto[];
  reason: string | null;
  expectedAt: Date | null;
}

const REF_FIELD: Record<OrderChangeKind, string> = {
  cancellation: 'cancellationRef',
  backorder: 'backorderRef',
};

function common(c: OrderChangeEntity) {
  return {
    id: c.id,
    orderId: c.orderId,
    status: c.status,
    attempts: c.attempts,
    lastError: c.lastError,
    nextAttemptAt: c.status === 'pending' ? c.nextAttemptAt.toISOString() : null,
    lines: c.lines.map((l) => ({
      lineId: l.lineId,
      quantity: l.quantity,
      mivaLineId: l.mivaLineId,
    })),
    createdAt: c.createdAt.toISOString(),
    sentAt: c.sentAt?.toISOString() ?? null,
  };
}

export function toCancellationDto(c: OrderChangeEntity): CancellationDto {
  return { ...common(c), cancellationRef: c.ref, reason: c.reason };
}

export function toBackorderDto(c: OrderChangeEntity): BackorderDto {
  return { ...common(c), backorderRef: c.ref, expectedAt: c.expectedAt?.toISOString() ?? null };
}

function contentOf(c: OrderChangeEntity): ChangeContent {
  return { lines: c.lines, reason: c.reason, expectedAt: c.expectedAt };
}

/**
 * OMS cancellations and backorders: accepted here in one transaction (the order row locked, so
 * quantities are allocated one request after the other), delivered by OrderChangeRelayService.
 */
@Injectable()
export class OrderChangesService {
  constructor(
    private readonly repository: OrderChangesRepository,
    private readonly relay: OrderChangeRelayService,
  ) {}

  async cancel(
    auth: AuthContext,
    orderId: string,
    dto: CreateCancellationDto,
  ): Promise<CreateChangeResult<CancellationDto>> {
    const result = await this.create(auth, orderId, {
      kind: 'cancellation',
      ref: dto.cancellationRef,
      lines: dto.lines,
      reason: dto.reason ?? null,
      expectedAt: null,
    });
    return { created: result.created, change: toCancellationDto(result.change) };
  }

  async backorder(
    auth: AuthContext,
    orderId: string,
    dto: CreateBackorderDto,
  ): Promise<CreateChangeResult<BackorderDto>> {
    const result = await this.create(auth, orderId, {
      kind: 'backorder',
      ref: dto.backorderRef,
      lines: dto.lines,
      reason: null,
      expectedAt: dto.expectedAt === undefined ? null : new Date(dto.expectedAt),
    });
    return { created: result.created, change: toBackorderDto(result.change) };
  }

  async list(
    auth: AuthContext,
    orderId: string,
    kind: OrderChangeKind,
  ): Promise<OrderChangeEntity[]> {
    const order = await this.repository.findOrderStore(orderId);
    if (order === null || !order.offered || !auth.canAccessStore(order.storeId)) {
      throw DomainError.notFound('Order');
    }
    return this.repository.listForOrder(orderId, kind);
  }

  private async create(
    auth: AuthContext,
    orderId: string,
    request: ChangeRequest,
  ): Promise<CreateChangeResult<OrderChangeEntity>> {
    const result = await this.repository.transaction(async (tx) => {
      const order = await tx.lockOrder(orderId);
      if (order === null || !order.offered || !auth.canAccessStore(order.storeId)) {
        throw DomainError.notFound('Order');
      }
      const existing = await tx.findByRef(orderId, request.kind, request.ref);
      if (existing !== null) {
        const differs = changeDifferences(contentOf(existing), request);
        if (differs.length > 0) {
          const refField = REF_FIELD[request.kind];
          throw new DomainError(
            ErrorCode.IdempotencyConflict,
            `${refField} ${request.ref} was already used for a different ${request.kind} of this order`,
            differs.map((field) => ({
              field,
              message: `${field} differs from the ${request.kind} recorded under this ${refField}`,
            })),
          );
        }
        return { created: false, change: existing };
      }
      const lines = planChangeLines(
        request.kind,
        order.lines,
        order.items,
        await tx.allocations(orderId, request.kind),
        request.lines,
      );
      const change = await tx.insert({
        storeId: order.storeId,
        orderId,
        mivaOrderId: order.mivaOrderId,
        kind: request.kind,
        ref: request.ref,
        lines,
        reason: request.reason,
        expectedAt: request.expectedAt,
      });
      return { created: true, change };
    });
    if (result.created) {
      // Committed: deliver now rather than at the next poll.
      this.relay.wake();
    }
    return result;
  }
}
