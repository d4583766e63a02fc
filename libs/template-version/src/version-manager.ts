/**
 * The template version manager chain (architecture §5, reference §3.4):
 * request → converter → validator → handler → post-processors.
 *
 * The chain is generic over the request, the context a converter builds, the handler's result and
 * the transaction type, so it holds no storage code. Adding an operation means adding a converter
 * or a handler, not editing a switch.
 */

/** Turns one kind of request into the version-create context. */
export interface VersionConverter<Request, Context> {
  supports(request: Request): boolean;
  convert(request: Request): Promise<Context>;
}

export interface VersionValidator<Context> {
  validate(context: Context): Promise<void>;
}

/** Hooks a handler runs inside its transaction, so post-processors can write atomically with it. */
export interface PersistHooks<Result, Tx> {
  beforePersist(tx: Tx): Promise<void>;
  afterPersist(result: Result, tx: Tx): Promise<void>;
}

/** Writes the version (under the template's lock, in one transaction). Exactly one handles a context. */
export interface VersionHandler<Context, Result, Tx> {
  supports(context: Context): boolean;
  handle(context: Context, hooks: PersistHooks<Result, Tx>): Promise<Result>;
}

/**
 * Runs inside the handler's transaction, before and after the write; lower `order` runs first.
 * Everything a post-processor does (logs, events through the outbox) commits or rolls back with the
 * version, so nothing is half done.
 */
export interface VersionPostProcessor<Context, Result, Tx> {
  readonly order: number;
  supports(context: Context): boolean;
  beforePersist?(context: Context, tx: Tx): Promise<void>;
  afterPersist?(context: Context, result: Result, tx: Tx): Promise<void>;
}

/** Thrown when no converter or handler fits: a programming error, not bad input. */
export class VersionChainError extends Error {}

export class VersionManager<Request, Context, Result, Tx> {
  private readonly postProcessors: VersionPostProcessor<Context, Result, Tx>[];

  constructor(
    private readonly converters: readonly VersionConverter<Request, Context>[],
    private readonly validator: VersionValidator<Context>,
    private readonly handlers: readonly VersionHandler<Context, Result, Tx>[],
    postProcessors: readonly VersionPostProcessor<Context, Result, Tx>[],
  ) {
    this.postProcessors = [...postProcessors].sort((a, b) => a.order - b.order);
  }

  async deploy(request: Request): Promise<Result> {
    const converter = this.converters.find((candidate) => candidate.supports(request));
    if (!converter) throw new VersionChainError('no converter supports this request');
    const context = await converter.convert(request);
    await this.validator.validate(context);
    const handler = this.handlers.find((candidate) => candidate.supports(context));
    if (!handler) throw new VersionChainError('no handler supports this version context');
    const processors = this.postProcessors.filter((processor) => processor.supports(context));
    return handler.handle(context, {
      beforePersist: async (tx) => {
        for (const processor of processors) await processor.beforePersist?.(context, tx);
      },
      afterPersist: async (written, tx) => {
        for (const processor of processors) await processor.afterPersist?.(context, written, tx);
      },
    });
  }
}
