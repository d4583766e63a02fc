import { runMain } from '@bkci/platform';
import { openapiApp } from './openapi.app';

runMain(openapiApp);
