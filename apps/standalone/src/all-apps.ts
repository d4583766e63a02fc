import { AppDefinition } from '@bkci/platform';
import { environmentApp } from '../../environment/src/environment.app';
import { logApp } from '../../log/src/log.app';
import { notifyApp } from '../../notify/src/notify.app';
import { openapiApp } from '../../openapi/src/openapi.app';
import { processApp } from '../../process/src/process.app';
import { qualityApp } from '../../quality/src/quality.app';
import { ticketApp } from '../../ticket/src/ticket.app';

/** Every server app; the gateway last, so the apps it routes to are up when it opens. */
export const ALL_APPS: AppDefinition[] = [processApp, ticketApp, environmentApp, notifyApp, logApp, qualityApp, openapiApp];
