import { runMain } from '@bkci/platform';
import { processApp } from './process.app';

runMain(processApp);
