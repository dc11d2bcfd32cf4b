/** Every error code the API answers with (the contract's `error.code`). */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  InvalidJson = 'INVALID_JSON',
  BadRequest = 'BAD_REQUEST',
  Unauthorized = 'UNAUTHORIZED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  MivaOrderNotFound = 'MIVA_ORDER_NOT_FOUND',
  Conflict = 'CONFLICT',
  IdempotencyConflict = 'IDEMPOTENCY_CONFLICT',
  ExceptionNotOpen = 'EXCEPTION_NOT_OPEN',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  QuantityExceeded = 'QUANTITY_EXCEEDED',
  MappingFailed = 'MAPPING_FAILED',
  LineNotChangeable = 'LINE_NOT_CHANGEABLE',
  MivaRejected = 'MIVA_REJECTED',
  MivaUnreachable = 'MIVA_UNREACHABLE',
  Unavailable = 'UNAVAILABLE',
  Internal = 'INTERNAL',
}

/** The HTTP status of each code: one exhaustive switch, so a new code cannot go unmapped. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.InvalidJson:
    case ErrorCode.BadRequest:
      return 400;
    case ErrorCode.Unauthorized:
      return 401;
    case ErrorCode.Forbidden:
      return 403;
    case ErrorCode.NotFound:
    case ErrorCode.MivaOrderNotFound:
      return 404;
    case ErrorCode.Conflict:
    case ErrorCode.IdempotencyConflict:
    case ErrorCode.ExceptionNotOpen:
      return 409;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UnsupportedMediaType:
      return 415;
    case ErrorCode.QuantityExceeded:
    case ErrorCode.MappingFailed:
    case ErrorCode.LineNotChangeable:
    case ErrorCode.MivaRejected:
      return 422;
    case ErrorCode.MivaUnreachable:
      return 502;
    case ErrorCode.Unavailable:
      return 503;
    case ErrorCode.Internal:
      return 500;
  }
}
