import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The committed certificate test files; fixtures/certificates/README.md says how they were made and with which passwords. */
export function certificateFixture(name: string): Buffer {
  return readFileSync(join(__dirname, '..', 'fixtures', 'certificates', name));
}
