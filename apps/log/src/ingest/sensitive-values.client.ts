import { Injectable } from '@nestjs/common';
import { ServiceClient } from '@bkci/clients';
import { BUILD_SENSITIVE_VALUES } from '@bkci/contracts';
import { CommonError, CommonErrorCode } from '@bkci/core';

/** The app name ticket checks before it answers (only log may read a build's secret values). */
const ON_BEHALF_OF = 'log';

/** The secret values a build has read from ticket, with their base64 and URL-encoded forms. */
@Injectable()
export class SensitiveValuesClient {
  constructor(private readonly client: ServiceClient) {}

  /**
   * Asked anew for every batch, never cached: a build that reads a secret and prints it at once
   * sends the line after ticket recorded the read, so this call (made after the line arrived)
   * already lists it. When ticket cannot answer, the batch is refused rather than stored unmasked.
   */
  async of(buildId: string): Promise<string[]> {
    try {
      return await this.client.call(BUILD_SENSITIVE_VALUES, { buildId }, { onBehalfOf: ON_BEHALF_OF });
    } catch (error) {
      throw new CommonError(
        CommonErrorCode.SERVICE_UNAVAILABLE,
        `The log service cannot learn which secrets to mask (${error instanceof Error ? error.message : String(error)}); nothing was stored, send the lines again later`,
      );
    }
  }
}
