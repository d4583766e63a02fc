import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CredentialsModule } from '../credentials/credentials.module';
import { BuildCertificateController } from './build-certificate.controller';
import { CertificateService } from './certificate.service';
import { CertificateEntity } from './entities/certificate.entity';
import { UserCertificateController } from './user-certificate.controller';

export const CERTIFICATE_ENTITIES = [CertificateEntity];

@Module({
  imports: [TypeOrmModule.forFeature(CERTIFICATE_ENTITIES), CredentialsModule],
  controllers: [UserCertificateController, BuildCertificateController],
  providers: [CertificateService],
})
export class CertificatesModule {}
