import { Injectable } from '@nestjs/common';
import { AuthContext } from '../../common/auth/auth-context';
import { DomainError } from '../../common/errors/domain-error';
import { decimalStringToCents, formatCents } from '../../mappers/money';
import { planShipmentLines } from './shipment-plan';
import { CreateShipmentDto, ShipmentDto } from './shipment.dto';
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
    orderId: s.orderId,
    shipmentRef: s.shipmentRef,
    status: s.status,
    mivaShipmentId: s.mivaShipmentId,
    mivaShipmentCode: s.mivaShipmentCode,
    attempts: s.attempts,
    lastError: s.lastError,
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

  async list(auth: AuthContext, orderId: string): Promise<ShipmentDto[]> {
    const order = await this.repository.findOrderStore(orderId);
    if (order === null || !order.offered || !auth.canAccessStore(order.storeId)) {
      throw DomainError.notFound('Order');
    }
    return (await this.repository.listForOrder(orderId)).map(toShipmentDto);
  }
}
