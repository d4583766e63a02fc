import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { BuildContext, callerOf } from '@bkci/auth';

/**
 * The build a `@RequireBuild()` route acts for, as the gateway verified it from the build's token,
 * with the user who started it: ticket audits a build's reads in their name.
 */
export const CurrentBuildContext = createParamDecorator((_data: unknown, context: ExecutionContext): BuildContext => {
  const caller = callerOf(context.switchToHttp().getRequest());
  if (!caller?.build) throw new Error('CurrentBuildContext used on a route without RequireBuild');
  return { ...caller.build, userId: caller.userId };
});
