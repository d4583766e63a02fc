export * from './in-process-lock.service';
export * from './lock-busy.error';
export * from './lock.service';
export * from './locking.module';
export * from './redis-lock.service';
