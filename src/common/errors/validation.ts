import { ValidationError } from 'class-validator';
import { DomainError, ErrorDetail } from './domain-error';

/** One `details` entry per bad field, nested fields named with dots (`download.strategy`). */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length > 0) {
      details.push({ field, message: messages.join('; ') });
    }
    if (error.children && error.children.length > 0) {
      details.push(...flattenValidationErrors(error.children, field));
    }
  }
  return details;
}

export function validationExceptionFactory(errors: ValidationError[]): DomainError {
  return DomainError.validation(flattenValidationErrors(errors));
}
