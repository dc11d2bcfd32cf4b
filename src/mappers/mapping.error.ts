/**
 * A Miva order too malformed to map (e.g. no id, a line without line_id, a price that is not a
 * number). Messages name the order and the field, never a field's value (it could be payment data).
 */
export class MappingError extends Error {
  readonly code = 'MAPPING_ERROR' as const;

  constructor(
    readonly orderId: number | null,
    readonly field: string,
    problem: string,
  ) {
    super(`${orderId === null ? 'Miva order' : `Miva order ${orderId}`}: ${field} ${problem}`);
    this.name = 'MappingError';
  }
}
