import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { CreatedTokenDto, TokenDto } from './create-token.dto';

/*
 * The token answers as the API document shows them (the SDK's types). Each implements the answer's
 * interface, so the compiler catches a field added there and not here. Only the creation answer
 * carries the token.
 */

const DATE_TIME = { type: String, format: 'date-time' } as const;
const OPTIONAL_DATE_TIME = { ...DATE_TIME, nullable: true } as const;

@ApiSchema({ name: 'PersonalAccessToken', description: 'A personal access token as listed: never the token itself' })
export class TokenAnswerDto implements TokenDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Who the token acts for' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: "The token's first characters, to tell tokens apart" }) tokenPrefix: string;
  @ApiProperty({ type: [String], description: 'What the token is limited to ("read", "write", "project:<projectId>"); empty when not limited' }) scopes: string[];
  @ApiProperty() createdBy: string;
  @ApiProperty(DATE_TIME) createdAt: string;
  @ApiProperty(OPTIONAL_DATE_TIME) expiresAt: string | null;
  @ApiProperty(OPTIONAL_DATE_TIME) revokedAt: string | null;
  @ApiProperty({ ...OPTIONAL_DATE_TIME, description: 'Kept to the minute' }) lastUsedAt: string | null;
}

@ApiSchema({ name: 'CreatedPersonalAccessToken', description: 'A new personal access token with the token itself, shown this once' })
export class CreatedTokenAnswerDto extends TokenAnswerDto implements CreatedTokenDto {
  @ApiProperty({ description: 'Send it as `Authorization: Bearer <token>`; it cannot be read again' }) token: string;
}
