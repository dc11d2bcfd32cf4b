import { ErrorCode } from './error-code';

export interface ErrorDetail {
  field?: string;
  message: string;
  [key: string]: unknown;
}

/** An expected failure: services throw this, the one filter turns it into the contract's shape. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what: string): DomainError {
    return new DomainError(ErrorCode.NotFound, `${what} not found`);
  }

  static validation(details: ErrorDetail[], message = 'The request is invalid'): DomainError {
    return new DomainError(ErrorCode.ValidationFailed, message, details);
  }
}
