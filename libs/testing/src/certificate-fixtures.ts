import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The committed certificate test files; fixtures/certificates/README.md says how they were made and with which passwords. */
export function certificateFixture(name: string): Buffer {
  return readFileSync(join(__dirname, '..', 'fixtures', 'certificates', name));
}

/** The error of class `type` that `run` throws; any other outcome fails the test, showing the unexpected error. */
export function thrownError<E extends Error>(type: abstract new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}, but nothing was thrown`);
}
