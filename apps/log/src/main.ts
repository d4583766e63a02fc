import { runMain } from '@bkci/platform';
import { logApp } from './log.app';

runMain(logApp);
