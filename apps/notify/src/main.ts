import { runMain } from '@bkci/platform';
import { notifyApp } from './notify.app';

runMain(notifyApp);
