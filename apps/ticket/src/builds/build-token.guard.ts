import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { BuildContext, BuildTokenService } from './build-token.service';

export const BUILD_TOKEN_HEADER = 'x-devops-build-token';
const BUILD_KEY = 'bkciBuild';

/** Build routes: the agent proves its build with the token minted for it. */
@Injectable()
export class BuildTokenGuard implements CanActivate {
  constructor(private readonly tokens: BuildTokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Record<string, unknown> & { header(name: string): string | undefined }>();
    request[BUILD_KEY] = await this.tokens.verify(request.header(BUILD_TOKEN_HEADER));
    return true;
  }
}

export const CurrentBuild = createParamDecorator((_data: unknown, context: ExecutionContext): BuildContext => {
  const build = context.switchToHttp().getRequest<Record<string, BuildContext | undefined>>()[BUILD_KEY];
  if (!build) throw new Error('CurrentBuild used on a route without BuildTokenGuard');
  return build;
});
