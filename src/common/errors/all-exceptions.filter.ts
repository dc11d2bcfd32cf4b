import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DomainError, ErrorDetail } from './domain-error';
import { ErrorCode, httpStatusOf } from './error-code';

interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[] };
}

/** The one place errors become HTTP: the contract's shape, never a stack trace or a secret. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response: unknown = host.switchToHttp().getResponse();
    const { status, body } = this.toResponse(exception);
    if (status >= 500) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    const { httpAdapter } = this.adapterHost;
    if (!httpAdapter.isHeadersSent(response)) {
      httpAdapter.reply(response, body, status);
    }
  }

  private toResponse(exception: unknown): { status: number; body: ErrorBody } {
    if (exception instanceof DomainError) {
      return this.shape(exception.code, exception.message, exception.details);
    }
    // Nest hands the HTTP server's own refusals (a body over the limit, a bad Content-Length)
    // over as HttpExceptions with their status.
    if (exception instanceof HttpException) {
      return this.fromHttpStatus(exception.getStatus(), exception.message);
    }
    return this.shape(ErrorCode.Internal, 'Internal server error');
  }

  private fromHttpStatus(status: number, message: string | undefined) {
    switch (status) {
      case 400:
        return this.shape(ErrorCode.BadRequest, message ?? 'Bad request');
      case 401:
        return this.shape(ErrorCode.Unauthorized, 'A valid API key is required');
      case 403:
        return this.shape(ErrorCode.Forbidden, 'This API key may not do that');
      case 404:
        return this.shape(ErrorCode.NotFound, 'No such resource');
      case 413:
        return this.shape(ErrorCode.PayloadTooLarge, 'The request body is larger than 1 MB');
      case 415:
        return this.shape(ErrorCode.UnsupportedMediaType, 'Send application/json');
      case 503:
        return this.shape(ErrorCode.Unavailable, 'Service unavailable');
      default:
        return status >= 500
          ? this.shape(ErrorCode.Internal, 'Internal server error')
          : this.shape(ErrorCode.BadRequest, message ?? 'Bad request');
    }
  }

  private shape(code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    return { status: httpStatusOf(code), body: { error: { code, message, details } } };
  }
}
