import { BUILD_TOKEN_HEADER, BuildContext } from '@bkci/auth';
import { MINT_BUILD_TOKEN } from '@bkci/contracts';
import { TestEnvironment } from './test-environment';

/**
 * Mints a token for `build` with ticket, as the build engine does when a build starts (ticket must be
 * started), and returns the header to send through the gateway to act as that build.
 */
export async function buildTokenHeaders(env: TestEnvironment, build: BuildContext): Promise<Record<string, string>> {
  const { token } = await env.serviceClient().call(MINT_BUILD_TOKEN, {}, { onBehalfOf: 'ci', body: build });
  return { [BUILD_TOKEN_HEADER]: token };
}
