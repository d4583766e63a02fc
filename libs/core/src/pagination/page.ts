import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** BK-CI's PageUtil defaults: page 1, 10 per page, at most 100 per page. */
export const DEFAULT_PAGE = 1;
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;
/** Far past any real list, and small enough that page × pageSize stays a valid SQL offset. */
export const MAX_PAGE = 1_000_000;

export interface Page<T> {
  count: number;
  page: number;
  pageSize: number;
  totalPages: number;
  records: T[];
}

export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE, description: 'The page, from 1' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: `Records per page; more than ${MAX_PAGE_SIZE} is taken as ${MAX_PAGE_SIZE}` })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  pageSize?: number;
}

export interface Paging {
  page: number;
  pageSize: number;
  offset: number;
}

/** A page ≤ 0 becomes the first page and an oversized pageSize is capped, as BK-CI does. */
export function resolvePaging(query: PageQueryDto = {}): Paging {
  const page = query.page && query.page > 0 ? query.page : DEFAULT_PAGE;
  const pageSize = Math.min(query.pageSize && query.pageSize > 0 ? query.pageSize : DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  return { page, pageSize, offset: (page - 1) * pageSize };
}

export function toPage<T>(records: T[], count: number, paging: Paging): Page<T> {
  return {
    count,
    page: paging.page,
    pageSize: paging.pageSize,
    totalPages: Math.ceil(count / paging.pageSize),
    records,
  };
}
