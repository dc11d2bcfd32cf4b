import { IsString } from 'class-validator';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { ApiValidationPipe, ArrayBodyPipe, isWellFormedId, shapeProblem } from './body-validation';
import { IdParamsDto } from './id-params.dto';

class ThingDto {
  @IsString()
  name!: string;
}

async function rejection(run: () => Promise<unknown>): Promise<DomainError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('shapeProblem', () => {
  it.each([
    [[], Array],
    [{}, ThingDto],
    ['x', String],
    [undefined, undefined],
    [[1], Object],
  ])('accepts %j for %p', (value, metatype) => {
    expect(shapeProblem(value, metatype)).toBeUndefined();
  });

  it.each([
    [{}, Array, 'a JSON array is expected, got an object'],
    [undefined, Array, 'a JSON array is expected, got no body'],
    [[], ThingDto, 'a JSON object is expected, got an array'],
    [null, ThingDto, 'a JSON object is expected, got null'],
    [3, ThingDto, 'a JSON object is expected, got a number'],
    [undefined, ThingDto, 'a JSON object is expected, got no body'],
  ])('says what is wrong with %j for %p', (value, metatype, problem) => {
    expect(shapeProblem(value, metatype)).toBe(problem);
  });
});

describe('ApiValidationPipe', () => {
  const pipe = new ApiValidationPipe();

  it('names the body when it is an array where an object is expected', async () => {
    const error = await rejection(() =>
      pipe.transform([{ name: 'x' }], { type: 'body', metatype: ThingDto }),
    );
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(error.details).toEqual([
      { field: 'body', message: 'a JSON object is expected, got an array' },
    ]);
  });

  it('names the body when it is an object where an array is expected', async () => {
    const error = await rejection(() => pipe.transform({}, { type: 'body', metatype: Array }));
    expect(error.details).toEqual([
      { field: 'body', message: 'a JSON array is expected, got an object' },
    ]);
  });

  it('still validates the fields of an object body', async () => {
    const error = await rejection(() =>
      pipe.transform({ name: 1, extra: true }, { type: 'body', metatype: ThingDto }),
    );
    expect(error.details.map((d) => d.field).sort()).toEqual(['extra', 'name']);
    await expect(
      pipe.transform({ name: 'x' }, { type: 'body', metatype: ThingDto }),
    ).resolves.toBeInstanceOf(ThingDto);
  });

  it('passes a well-formed id straight through and answers a bad one with its detail', async () => {
    const param = { type: 'param', metatype: IdParamsDto } as const;
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    await expect(pipe.transform({ id }, param)).resolves.toEqual({ id });
    for (const bad of [{ id: 'nope' }, { id: id.replace('469f', '069f') }, { id, other: 'x' }]) {
      const error = await rejection(() => pipe.transform(bad, param));
      expect(error.code).toBe(ErrorCode.ValidationFailed);
      expect(error.details.length).toBeGreaterThan(0);
    }
  });
});

describe('isWellFormedId', () => {
  it.each([
    [{ id: '0f8fad5b-d9cb-469f-a165-70867728950e' }, true],
    [{ id: '0F8FAD5B-D9CB-469F-A165-70867728950E' }, true],
    [{ id: '00000000-0000-0000-0000-000000000000' }, true],
    [{ id: '0f8fad5b-d9cb-969f-a165-70867728950e' }, false],
    [{ id: '0f8fad5bd9cb469fa16570867728950e' }, false],
    [{ id: 7 }, false],
    [{}, false],
    [{ id: '0f8fad5b-d9cb-469f-a165-70867728950e', x: '1' }, false],
    [null, false],
  ])('%j → %p', (params, expected) => {
    expect(isWellFormedId(params)).toBe(expected);
  });
});

describe('ArrayBodyPipe', () => {
  const pipe = new ArrayBodyPipe(ThingDto);

  it('validates each element, details named by index', async () => {
    const error = await rejection(() =>
      pipe.transform([{ name: 'ok' }, { name: 2 }, 'x', { name: 'y', extra: 1 }]),
    );
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(error.details).toEqual([
      { field: '[1].name', message: 'name must be a string' },
      { field: '[2]', message: 'a JSON object is expected, got a string' },
      { field: '[3].extra', message: 'property extra should not exist' },
    ]);
  });

  it('refuses a body that is not an array', async () => {
    const error = await rejection(() => pipe.transform({ name: 'x' }));
    expect(error.details).toEqual([
      { field: 'body', message: 'a JSON array is expected, got an object' },
    ]);
  });

  it('returns the elements as DTO instances', async () => {
    const result = await pipe.transform([{ name: 'a' }, { name: 'b' }]);
    expect(result).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(result[0]).toBeInstanceOf(ThingDto);
  });
});
