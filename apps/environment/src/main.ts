import { runMain } from '@bkci/platform';
import { environmentApp } from './environment.app';

runMain(environmentApp);
