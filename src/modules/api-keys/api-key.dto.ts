import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { Scope, SCOPES } from '../../common/auth/scopes';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'oms-east', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: SCOPES, isArray: true, example: ['orders:read', 'orders:ack'] })
  @IsArray()
  @ArrayUnique()
  @IsIn(SCOPES, { each: true, message: `each scope must be one of: ${SCOPES.join(', ')}` })
  scopes!: Scope[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Stores this key may see; omitted = all stores',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'each store id must be a UUID' })
  storeIds?: string[];
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'oms-east' })
  name!: string;

  @ApiProperty({ enum: SCOPES, isArray: true })
  scopes!: Scope[];

  @ApiProperty({ type: [String], nullable: true, description: 'null = all stores' })
  storeIds!: string[] | null;

  @ApiProperty({ example: '2026-11-22T09:00:00.000Z' })
  createdAt!: string;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The bearer key. Shown only in this response.' })
  key!: string;
}
