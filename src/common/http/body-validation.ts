import { ArgumentMetadata, Injectable, PipeTransform, Type, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { isUUID, validate } from 'class-validator';
import { DomainError, ErrorDetail } from '../errors/domain-error';
import { flattenValidationErrors, validationExceptionFactory } from '../errors/validation';
import { ID_UUID_VERSION, IdParamsDto } from './id-params.dto';

// Types Nest reports for parameters that are not DTO classes: nothing to say about their shape.
const NOT_A_DTO: unknown[] = [String, Number, Boolean, Object, Buffer, Date];

function describe(value: unknown): string {
  if (value === undefined) {
    return 'no body';
  }
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * What is wrong with the JSON type of a value the route declares as `metatype` (an array for
 * `X[]`, an object for a DTO class), or undefined when it has the expected type.
 */
export function shapeProblem(value: unknown, metatype: unknown): string | undefined {
  if (metatype === Array) {
    return Array.isArray(value) ? undefined : `a JSON array is expected, got ${describe(value)}`;
  }
  if (typeof metatype !== 'function' || NOT_A_DTO.includes(metatype)) {
    return undefined;
  }
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  return isObject ? undefined : `a JSON object is expected, got ${describe(value)}`;
}

const wrongShape = (details: ErrorDetail[]): DomainError =>
  DomainError.validation(details, 'The request body has the wrong shape');

/**
 * The global pipe: class-validator on every DTO (unknown fields rejected, one detail per bad field)
 * and, first, the body's own JSON type, so `{}` where an array is expected (or the reverse) says
 * so in a `body` detail instead of failing with no detail or on some field.
 */
@Injectable()
export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationExceptionFactory,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const problem = metadata.type === 'body' ? shapeProblem(value, metadata.metatype) : undefined;
    if (problem) {
      throw wrongShape([{ field: 'body', message: problem }]);
    }
    if (metadata.metatype === IdParamsDto && isWellFormedId(value)) {
      return value;
    }
    return super.transform(value, metadata);
  }
}

/**
 * `{ id }` with a UUID, the by-id routes' params (IdParamsDto's rule, checked by the same
 * function). Those routes are the hottest: a good id skips class-validator's instance and
 * metadata walk, a bad one still gets its detail from it.
 */
export function isWellFormedId(params: unknown): params is IdParamsDto {
  if (typeof params !== 'object' || params === null) {
    return false;
  }
  const keys = Object.keys(params);
  const id = (params as { id?: unknown }).id;
  return (
    keys.length === 1 && keys[0] === 'id' && typeof id === 'string' && isUUID(id, ID_UUID_VERSION)
  );
}

/**
 * For a body that is a JSON array of `items` (`@Body(new ArrayBodyPipe(X)) body: X[]`): each
 * element validated like a DTO body, details named by index (`[1].omsField`).
 */
export class ArrayBodyPipe<T extends object> implements PipeTransform<unknown, Promise<T[]>> {
  constructor(private readonly items: Type<T>) {}

  async transform(value: unknown): Promise<T[]> {
    const problem = shapeProblem(value, Array);
    if (problem) {
      throw wrongShape([{ field: 'body', message: problem }]);
    }
    const details: ErrorDetail[] = [];
    const result: T[] = [];
    for (const [index, item] of (value as unknown[]).entries()) {
      const itemProblem = shapeProblem(item, this.items);
      if (itemProblem) {
        details.push({ field: `[${index}]`, message: itemProblem });
        continue;
      }
      const instance = plainToInstance(this.items, item);
      const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
      details.push(...flattenValidationErrors(errors, `[${index}]`));
      result.push(instance);
    }
    if (details.length > 0) {
      throw DomainError.validation(details);
    }
    return result;
  }
}
