import { runMain } from '@bkci/platform';
import { ticketApp } from './ticket.app';

runMain(ticketApp);
