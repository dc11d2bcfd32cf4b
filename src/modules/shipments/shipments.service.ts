import { Injectable } from '@nestjs/common';
import { AuthContext } from '../../common/auth/auth-context';
import { DomainError } from '../../common/errors/domain-error';
import { decimalStringToCents, formatCents } from '../../mappers/money';
import { ErrorCode } from '../../common/errors/error-code';
import { planShipmentLines, shipmentDifferences } from './shipment-plan';
import {
  decodeShipmentCursor,
  encodeShipmentCursor,
  ShipmentCursorError,
  ShipmentListPosition,
} from './shipment-cursor';
import {
  CreateShipmentDto,
  ListShipmentsQueryDto,
  SHIPMENTS_LIMIT_DEFAULT,
  ShipmentDto,
  ShipmentPageDto,
} from './shipment.dto';
import { ShipmentEntity } from './shipment.entity';
import { ShipmentRelayService } from './shipment-relay.service';
import { ShipmentsRepository } from './shipments.repository';

export interface CreateShipmentResult {
  /** False when the shipmentRef was seen before: the existing shipment is returned. */
  created: boolean;
  shipment: ShipmentDto;
}

export function toShipmentDto(s: ShipmentEntity): ShipmentDto {
  return {
    id: s.id,
    storeId: s.storeId,
    orderId: s.orderId,
    shipmentRef: s.shipmentRef,
    status: s.status,
    mivaShipmentId: s.mivaShipmentId,
    mivaShipmentCode: s.mivaShipmentCode,
    attempts: s.attempts,
    lastError: s.lastError,
    nextAttemptAt: s.status === 'pending' ? s.nextAttemptAt.toISOString() : null,
    lines: s.lines.map((l) => ({
      lineId: l.lineId,
      quantity: l.quantity,
      mivaLineId: l.mivaLineId,
    })),
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
    cost: formatCents(s.costCents),
    markShipped: s.markShipped,
    createdAt: s.createdAt.toISOString(),
    sentAt: s.sentAt?.toISOString() ?? null,
  };
}

/** OMS shipments: accepted here in one transaction, delivered to Miva by ShipmentRelayService. */
@Injectable()
export class ShipmentsService {
  constructor(
    private readonly repository: ShipmentsRepository,
    private readonly relay: ShipmentRelayService,
  ) {}

  async create(
    auth: AuthContext,
    orderId: string,
    dto: CreateShipmentDto,
  ): Promise<CreateShipmentResult> {
    const costCents = dto.cost === undefined ? 0 : decimalStringToCents(dto.cost);
    if (costCents === null) {
      throw DomainError.validation([{ field: 'cost', message: 'cost must be like "7.10"' }]);
    }
    const result = await this.repository.transaction(async (tx) => {
      const order = await tx.lockOrder(orderId);
      if (order === null || !order.offered || !auth.canAccessStore(order.storeId)) {
        throw DomainError.notFound('Order');
      }
      const existing = await tx.findByRef(orderId, dto.shipmentRef);
      if (existing !== null) {
        // The same ref is the same request: different content is a conflict, never ignored.
        const differs = shipmentDifferences(existing, {
          lines: dto.lines,
          carrier: dto.carrier ?? '',
          trackingNumber: dto.trackingNumber ?? '',
          costCents,
          markShipped: dto.markShipped ?? true,
        });
        if (differs.length > 0) {
          throw new DomainError(
            ErrorCode.IdempotencyConflict,
            `shipmentRef ${dto.shipmentRef} was already used for a different shipment of this order`,
            differs.map((field) => ({
              field,
              message: `${field} differs from the shipment recorded under this shipmentRef`,
            })),
          );
        }
        return { created: false, shipment: existing };
      }
      const lines = planShipmentLines(
        order.lines,
        order.items,
        await tx.allocatedLines(orderId),
        dto.lines,
      );
      const shipment = await tx.insert({
        storeId: order.storeId,
        orderId,
        mivaOrderId: order.mivaOrderId,
        shipmentRef: dto.shipmentRef,
        lines,
        carrier: dto.carrier ?? '',
        trackingNumber: dto.trackingNumber ?? '',
        costCents,
        markShipped: dto.markShipped ?? true,
      });
      return { created: true, shipment };
    });
    if (result.created) {
      // Committed: deliver now rather than at the next poll.
      this.relay.wake();
    }
    return { created: result.created, shipment: toShipmentDto(result.shipment) };
  }

  /** `GET /api/v1/shipments`: across orders, newest first, keyset-paged, scoped to the key. */
  async listAll(auth: AuthContext, query: ListShipmentsQueryDto): Promise<ShipmentPageDto> {
    if (query.storeId !== undefined) {
      auth.assertStore(query.storeId);
    }
    const filters = { storeId: query.storeId ?? null, status: query.status ?? null };
    let after: ShipmentListPosition | null = null;
    if (query.cursor !== undefined) {
      try {
        after = decodeShipmentCursor(query.cursor, filters);
      } catch (error) {
        if (error instanceof ShipmentCursorError) {
          throw DomainError.validation([{ field: 'cursor', message: error.message }]);
        }
        throw error;
      }
    }
    const limit = query.limit ?? SHIPMENTS_LIMIT_DEFAULT;
    const rows = await this.repository.listPage({
      storeIds: query.storeId !== undefined ? [query.storeId] : auth.isAdmin ? null : auth.storeIds,
      status: query.status ?? null,
      limit: limit + 1,
      after,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      data: page.map((r) => toShipmentDto(r.shipment)),
      nextCursor:
        rows.length > limit && last !== undefined
          ? encodeShipmentCursor(last.position, filters)
          : null,
    };
  }

  async list(auth: AuthContext, orderId: string): Promise<ShipmentDto[]> {
    const order = await this.repository.findOrderStore(orderId);
    if (order === null || !order.offered || !auth.canAccessStore(order.storeId)) {
      throw DomainError.notFound('Order');
    }
    return (await this.repository.listForOrder(orderId)).map(toShipmentDto);
  }
}
