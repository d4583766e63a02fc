export * from './create-data-source';
export * from './data-source-options';
export * from './ensure-database';
export * from './migrate';
export * from './persistence.module';
export * from './snake-naming.strategy';
export * from './unique-violation';
export * from './like-pattern';
