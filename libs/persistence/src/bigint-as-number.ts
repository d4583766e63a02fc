import { ValueTransformer } from 'typeorm';

/** MariaDB hands a bigint back as a string; the values stored here (versions, epoch milliseconds) fit a JS number. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number) => value,
  from: (value: string | number) => Number(value),
};
