import { must } from '../../common/must';
import { MivaError } from './miva-errors';
import type {
  MivaCallOptions,
  MivaClientOptions,
  MivaConnection,
  MivaMulticallOptions,
  MivaMulticallResult,
  MivaOperation,
  MivaOperationResult,
  MivaResult,
  MivaSuccess,
} from './miva-client.types';
import { MivaExchange } from './miva-exchange';
import { continuationRange, judgeMulticallAnswer, multicallPayload } from './miva-multicall';
import {
  badResponse,
  interpretResult,
  isReadFunction,
  labelOf,
  wholeRequestError,
} from './miva-response';
import { header, MivaHttpResponse } from './miva-transport';

export type * from './miva-client.types';
export { parseContentRange } from './miva-multicall';
export { isReadFunction } from './miva-response';

/**
 * A typed client for Miva's JSON API (`json.mvc`): signs every request, retries transient faults
 * with bounded exponential backoff, resumes 206 partial multicalls, and paces requests.
 * Pure TypeScript; the Nest wrapper is MivaClientFactory. Sending (signing, pacing, retries) is
 * MivaExchange; this class builds the requests and reads Miva's answers.
 */
export class MivaClient {
  readonly storeCode: string;
  /** The endpoint without credentials, for messages and pool keys. */
  readonly endpoint: string;
  readonly origin: string;
  private readonly exchange: MivaExchange;
  private readonly apiTimeoutSeconds?: number;
  private readonly maxContinuations: number;

  constructor(connection: MivaConnection, options: MivaClientOptions = {}) {
    this.exchange = new MivaExchange(connection, options);
    this.storeCode = this.exchange.storeCode;
    this.endpoint = this.exchange.transport.endpoint;
    this.origin = this.exchange.transport.origin;
    this.apiTimeoutSeconds = options.apiTimeoutSeconds;
    this.maxContinuations = options.maxContinuations ?? 1000;
  }

  /** Releases the connection pool when this client created it (a shared one is left alone). */
  async close(): Promise<void> {
    await this.exchange.close();
  }

  /** Server clock minus ours, from the last response's `Date` header (1 s resolution). */
  get serverClockOffsetMs(): number | undefined {
    return this.exchange.transport.serverClockOffsetMs;
  }

  /**
   * One function call. Resolves with Miva's `data`; any `success:0` answer is thrown as a
   * MivaError (access_denied, invalid_input, list_errors, not_found, ...).
   */
  async call<T = unknown>(
    functionName: string,
    params: Record<string, unknown> = {},
    options: MivaCallOptions = {},
  ): Promise<MivaSuccess<T>> {
    const label = labelOf(functionName, params);
    const payload = { Function: functionName, ...params };
    const response = await this.exchange.send(() => this.exchange.prepare(payload), {
      label,
      idempotent: options.idempotent ?? isReadFunction(label),
      decode: options.decode,
      signal: options.signal,
    });
    const result = this.interpret<T>(response.json, label, options.expectedProcessed, response);
    if (!result.ok) {
      result.error.attempts = response.attempts;
      throw result.error;
    }
    return result;
  }

  /**
   * One function over many parameter sets (`Iterations`). Each iteration succeeds or fails on
   * its own; a failure of the whole request (credentials, transport) is thrown.
   */
  async callIterations<T = unknown>(
    functionName: string,
    shared: Record<string, unknown>,
    iterations: Record<string, unknown>[],
    options: MivaCallOptions = {},
  ): Promise<MivaResult<T>[]> {
    const label = labelOf(functionName, shared);
    if (iterations.length === 0) {
      return [];
    }
    const payload = { Function: functionName, ...shared, Iterations: iterations };
    const response = await this.exchange.send(() => this.exchange.prepare(payload), {
      label,
      idempotent: options.idempotent ?? isReadFunction(label),
      signal: options.signal,
    });
    if (!Array.isArray(response.json)) {
      const error = this.wholeRequestError(response, label);
      error.attempts = response.attempts;
      throw error;
    }
    if (response.json.length !== iterations.length) {
      throw this.exchange.scrub(
        badResponse(
          label,
          `Miva ${label} answered ${response.json.length} results for ${iterations.length} iterations`,
          response.status,
        ),
      );
    }
    return response.json.map((entry) => this.interpret<T>(entry, label, undefined, response));
  }

  /**
   * Several functions in one request (`Operations`). A 206 partial answer is resumed with
   * `Range: Operations=<next>-<total>` on the identical body until every operation has a
   * result (miva-multicall.ts judges each answer). Operation-level failures stay in their slot.
   */
  async multicall(
    operations: MivaOperation[],
    options: MivaMulticallOptions = {},
  ): Promise<MivaMulticallResult> {
    if (operations.length === 0) {
      return { results: [], continuations: 0 };
    }
    const labels = operations.map((op) => labelOf(op.function, op.params ?? {}));
    const label = `Operations[${labels.join(',')}]`;
    const idempotent = options.idempotent ?? labels.every((l) => isReadFunction(l));
    const payload = multicallPayload(operations);
    // Serialised and signed once: every continuation resends these exact bytes.
    let prepared = this.exchange.prepare(payload);
    const total = operations.length;
    const raw: unknown[] = [];
    let continuations = 0;
    const apiTimeout = options.apiTimeoutSeconds ?? this.apiTimeoutSeconds;

    while (raw.length < total) {
      let response: MivaHttpResponse;
      try {
        response = await this.exchange.send(() => prepared, {
          label,
          idempotent,
          range: continuationRange(raw.length, total),
          apiTimeoutSeconds: apiTimeout,
          signal: options.signal,
          restamp: () => {
            // Only the timestamp changes; Operations stay byte-identical.
            prepared = this.exchange.prepare(payload);
            return prepared;
          },
        });
      } catch (error) {
        if (error instanceof MivaError) {
          error.completedOperations = raw.length;
        }
        throw error;
      }
      const fail = (message: string): MivaError => {
        const error = this.exchange.scrub(
          badResponse(label, `Miva ${label}: ${message}`, response.status),
        );
        error.completedOperations = raw.length;
        return error;
      };
      if (!Array.isArray(response.json)) {
        const error = this.wholeRequestError(response, label);
        error.attempts = response.attempts;
        error.completedOperations = raw.length;
        throw error;
      }
      const received: unknown[] = response.json;
      const step = judgeMulticallAnswer({
        status: response.status,
        received: received.length,
        completed: raw.length,
        total,
        contentRange: header(response.headers, 'content-range'),
      });
      if (step.kind === 'inconsistent') {
        throw fail(step.reason);
      }
      raw.push(...received);
      if (step.kind === 'partial') {
        continuations += 1;
        if (continuations > this.maxContinuations) {
          throw fail(`gave up after ${this.maxContinuations} continuations`);
        }
      }
    }

    const results = raw.map((slot, i): MivaOperationResult => {
      const op = must(operations[i], 'the operation of a result');
      const opLabel = must(labels[i], 'the label of an operation');
      if (op.iterations && Array.isArray(slot)) {
        return slot.map((entry) => this.interpret(entry, opLabel, undefined));
      }
      return this.interpret(slot, opLabel, op.expectedProcessed);
    });
    return { results, continuations };
  }

  private wholeRequestError(response: MivaHttpResponse, label: string): MivaError {
    return this.exchange.scrub(wholeRequestError(response.json, label, response.status));
  }

  private interpret<T>(
    value: unknown,
    label: string,
    expectedProcessed: number | undefined,
    response?: MivaHttpResponse,
  ): MivaResult<T> {
    const result = interpretResult<T>(value, label, expectedProcessed, response?.status);
    if (!result.ok) {
      this.exchange.scrub(result.error);
    }
    return result;
  }
}
