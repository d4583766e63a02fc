import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequireAdmin, RequireAuthenticated, UserIdPipe } from '@bkci/auth';
import { CreatedTokenDto, CreateTokenDto, TokenDto } from './dto/create-token.dto';
import { CreatedTokenAnswerDto, TokenAnswerDto } from './dto/token-answer.dto';
import { PersonalAccessTokenService } from './personal-access-token.service';

@ApiTags('personal access tokens')
@Controller()
export class TokenController {
  constructor(private readonly tokens: PersonalAccessTokenService) {}

  @Post('user/tokens')
  @RequireAuthenticated()
  @ApiCreatedResponse({ type: CreatedTokenAnswerDto })
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateTokenDto): Promise<CreatedTokenDto> {
    return this.tokens.create(caller, caller.userId, dto);
  }

  @Get('user/tokens')
  @RequireAuthenticated()
  @ApiOkResponse({ type: [TokenAnswerDto] })
  list(@CurrentCaller() caller: Caller): Promise<TokenDto[]> {
    return this.tokens.list(caller.userId);
  }

  @Delete('user/tokens/:tokenId')
  @RequireAuthenticated()
  @ApiOkResponse({ type: Boolean })
  async revoke(@CurrentCaller() caller: Caller, @Param('tokenId') tokenId: string): Promise<boolean> {
    await this.tokens.revoke(caller.userId, tokenId);
    return true;
  }

  /** How the first token of a user comes to be: an administrator issues it. */
  @Post('op/users/:userId/tokens')
  @RequireAdmin()
  @ApiCreatedResponse({ type: CreatedTokenAnswerDto })
  createFor(@CurrentCaller() caller: Caller, @Param('userId', UserIdPipe) userId: string, @Body() dto: CreateTokenDto): Promise<CreatedTokenDto> {
    return this.tokens.create(caller, userId, dto);
  }

  @Get('op/users/:userId/tokens')
  @RequireAdmin()
  @ApiOkResponse({ type: [TokenAnswerDto] })
  listFor(@Param('userId', UserIdPipe) userId: string): Promise<TokenDto[]> {
    return this.tokens.list(userId);
  }

  @Delete('op/users/:userId/tokens/:tokenId')
  @RequireAdmin()
  @ApiOkResponse({ type: Boolean })
  async revokeFor(@Param('userId', UserIdPipe) userId: string, @Param('tokenId') tokenId: string): Promise<boolean> {
    await this.tokens.revoke(userId, tokenId);
    return true;
  }
}
