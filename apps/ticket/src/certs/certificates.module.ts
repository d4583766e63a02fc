import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { BuildCertificateController } from './build-certificate.controller';
import { CertificateRepository } from './certificate.repository';
import { CertificateService } from './certificate.service';
import { CertificateEntity } from './entities/certificate.entity';
import { UserCertificateController } from './user-certificate.controller';

/** The tables of this module, for the app's schema (the repository reaches them through the app's DataSource). */
export const CERTIFICATE_ENTITIES = [CertificateEntity];

@Module({
  imports: [CredentialsModule],
  controllers: [UserCertificateController, BuildCertificateController],
  providers: [CertificateRepository, CertificateService],
})
export class CertificatesModule {}
