import { MessagingTables1764000000000 } from '@bkci/messaging';
import { Credentials1764200000001 } from './1764200000001-credentials';
import { Certificates1764200000002 } from './1764200000002-certificates';
import { CredentialCiphertextJson1764200000003 } from './1764200000003-credential-ciphertext-json';
import { BuildTokenPipeline1764200000004 } from './1764200000004-build-token-pipeline';
import { BuildTokenJob1764200000005 } from './1764200000005-build-token-job';

/** In the order they must run. */
export const TICKET_MIGRATIONS = [MessagingTables1764000000000, Credentials1764200000001, Certificates1764200000002, CredentialCiphertextJson1764200000003, BuildTokenPipeline1764200000004, BuildTokenJob1764200000005];
