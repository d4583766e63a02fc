import { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';

/**
 * Inserts whole rows. TypeORM's insert/update parameter types cannot describe JSON columns that
 * hold the recursive Model types, so the rows are passed as what they are: complete entities.
 */
export function insertRows<E extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<E>, rows: E | E[]): Promise<unknown> {
  return manager.insert(target, rows as never);
}

/** Updates the rows `where` selects with `changes` (see insertRows for the cast). */
export async function updateRows<E extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<E>,
  where: FindOptionsWhere<E>,
  changes: Partial<E>,
): Promise<number> {
  const result = await manager.update(target, where, changes as never);
  return result.affected ?? 0;
}
