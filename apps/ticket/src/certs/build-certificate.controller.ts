import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsIn, IsString } from 'class-validator';
import { BuildContext, RequireBuild } from '@bkci/auth';
import { CurrentBuildContext } from '../builds/current-build-context';
import { CertificateForBuild, CertificateService } from './certificate.service';
import { CertType } from './entities/certificate.entity';

const BUILD_CERT_TYPES: CertType[] = ['ios', 'android', 'enterprise'];

class BuildCertParams {
  @IsIn(BUILD_CERT_TYPES, { message: `the certificate type must be one of ${BUILD_CERT_TYPES.join(', ')}` }) certType: CertType;
  @IsString() certId: string;
}

/** BK-CI's /build/certs/{type}/{certId} for signing steps (TLS certificates are for services only, as in BK-CI). */
@ApiTags('certificates (build)')
@Controller('build/certs')
export class BuildCertificateController {
  constructor(private readonly certificates: CertificateService) {}

  @Get(':certType/:certId')
  @RequireBuild()
  get(@CurrentBuildContext() build: BuildContext, @Param() params: BuildCertParams): Promise<CertificateForBuild> {
    return this.certificates.readForBuild(build, params.certType, params.certId);
  }
}
