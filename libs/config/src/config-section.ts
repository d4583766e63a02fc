import { AppConfig } from './app-config';
import { EnvReader } from './env-reader';

/**
 * The settings only one app reads (its `<app>.config.ts`), read from the same environment as the
 * shared AppConfig and with the same EnvReader. The app passes its section to
 * `PlatformModule.forRoot`, which reads it once (a wrong value stops the app with a ConfigError
 * naming the variable) and provides it under `section.token`, for `@Inject(SECTION.token)`.
 */
export class ConfigSection<T> {
  readonly token: symbol;

  constructor(
    name: string,
    private readonly read: (reader: EnvReader, shared: AppConfig) => T,
  ) {
    this.token = Symbol(`${name} config`);
  }

  /** Reads and validates the section for an app's shared config; throws a ConfigError listing every bad variable. */
  load(shared: AppConfig): T {
    const reader = new EnvReader(shared.env);
    const section = this.read(reader, shared);
    reader.throwIfInvalid();
    return section;
  }
}
