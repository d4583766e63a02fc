import { runMain } from '@bkci/platform';
import { qualityApp } from './quality.app';

runMain(qualityApp);
