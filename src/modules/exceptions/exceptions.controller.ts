import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context';
import { Auth, RequireScope } from '../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParamsDto } from '../../common/http/id-params.dto';
import { ExceptionDto, ExceptionPageDto, ListExceptionsQueryDto } from './exception.dto';
import { ExceptionsService } from './exceptions.service';

@ApiTags('exceptions')
@Controller('api/v1/exceptions')
export class ExceptionsController {
  constructor(private readonly exceptions: ExceptionsService) {}

  @Get()
  @RequireScope('config:write', 'orders:read')
  @ApiOperation({ summary: 'What needs a person: newest first, open ones unless `status` says' })
  @ApiResponse({ status: 200, type: ExceptionPageDto })
  @ApiResponse({ status: 400, type: ErrorResponseDto })
  list(
    @Auth() auth: AuthContext,
    @Query() query: ListExceptionsQueryDto,
  ): Promise<ExceptionPageDto> {
    return this.exceptions.list(auth, query);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @RequireScope('config:write')
  @ApiOperation({ summary: 'Dismiss an exception until its problem happens again' })
  @ApiResponse({ status: 200, type: ExceptionDto })
  @ApiResponse({ status: 404, type: ErrorResponseDto })
  dismiss(@Auth() auth: AuthContext, @Param() { id }: IdParamsDto): Promise<ExceptionDto> {
    return this.exceptions.dismiss(auth, id);
  }
}
