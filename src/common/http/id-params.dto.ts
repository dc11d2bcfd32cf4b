import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/**
 * The `:id` of a route, for `@Param() { id }: IdParamsDto`: every route answers a bad id the same
 * way (400 VALIDATION_FAILED, one detail naming `id`) through the global validation pipe.
 */
/** Which UUIDs an id may be (class-validator's `isUUID` versions). */
export const ID_UUID_VERSION = 'all';

export class IdParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID(ID_UUID_VERSION, { message: 'id must be a UUID' })
  id!: string;
}
