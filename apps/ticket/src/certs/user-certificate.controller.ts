import { Body, Controller, Delete, Get, Param, Post, Put, Query, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequireAuthenticated, RequirePermission } from '@bkci/auth';
import { Page } from '@bkci/core';
import { RequestOrigin } from '../credentials/credential-reader';
import { CurrentOrigin } from '../credentials/request-origin.decorator';
import { CERT_FILES } from './certificate-inspection';
import { CertificateService } from './certificate.service';
import {
  byField,
  CertificateDetail,
  CertificateFormDto,
  CertificateView,
  CertTypeParams,
  ExpiringQueryDto,
  ListCertificatesDto,
  UploadedCertFile,
} from './dto/certificate.dto';

const UPLOAD_FIELDS = [...new Set(Object.values(CERT_FILES).flatMap((spec) => [...spec.required, ...spec.optional]))];
/** Far above any real certificate file (a mobileprovision is tens of KB). */
const MAX_FILE_BYTES = 1024 * 1024;
/**
 * Files under any field name are taken, as BK-CI's form reader does: a form that also carries a
 * field this type does not use is not refused (the service reads its own fields only). The count
 * stays bounded by the fields a type may have.
 */
const uploads = () => AnyFilesInterceptor({ limits: { fileSize: MAX_FILE_BYTES, files: UPLOAD_FIELDS.length } });
const DAY_MS = 24 * 3600 * 1000;

/** BK-CI's /user/certs/projects/{projectId} API; uploads are multipart forms. */
@ApiTags('certificates')
@Controller('user/certs/projects/:projectId')
export class UserCertificateController {
  constructor(private readonly certificates: CertificateService) {}

  @Get('hasCreatePermission')
  @RequireAuthenticated()
  hasCreatePermission(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string): Promise<boolean> {
    return this.certificates.mayCreate(caller, projectId);
  }

  @Post('types/:certType')
  @RequirePermission('cert_create')
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(uploads())
  create(
    @CurrentCaller() caller: Caller,
    @Param() { projectId, certType }: CertTypeParams,
    @Body() form: CertificateFormDto,
    @UploadedFiles() files: UploadedCertFile[] | undefined,
    @CurrentOrigin() origin: RequestOrigin,
  ): Promise<CertificateView> {
    return this.certificates.create(caller, projectId, certType, form, byField(files), origin);
  }

  /** The certificate is named in the form, not the path, so the service checks edit on it. */
  @Put('types/:certType')
  @RequireAuthenticated()
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(uploads())
  update(
    @CurrentCaller() caller: Caller,
    @Param() { projectId, certType }: CertTypeParams,
    @Body() form: CertificateFormDto,
    @UploadedFiles() files: UploadedCertFile[] | undefined,
    @CurrentOrigin() origin: RequestOrigin,
  ): Promise<CertificateView> {
    return this.certificates.update(caller, projectId, certType, form, byField(files), origin);
  }

  /** BK-CI's per-type detail, which the console's edit form starts from. */
  @Get('types/:certType')
  @RequirePermission('cert_view', { resourceParam: 'certId' })
  detail(@Param() { projectId, certType }: CertTypeParams, @Query('certId') certId: string): Promise<CertificateDetail> {
    return this.certificates.detail(projectId, certId ?? '', certType);
  }

  /** Open to per-certificate grants too, so the service decides what the caller may list. */
  @Get()
  @RequireAuthenticated()
  list(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: ListCertificatesDto): Promise<Page<CertificateView>> {
    return this.certificates.list(caller, projectId, query);
  }

  /** Those expired or expiring within `withinDays` (default 30), soonest first. */
  @Get('expiring')
  @RequireAuthenticated()
  expiring(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: ExpiringQueryDto): Promise<Page<CertificateView>> {
    return this.certificates.list(caller, projectId, { pageSize: 100 }, new Date(Date.now() + (query.withinDays ?? 30) * DAY_MS));
  }

  @Delete(':certId')
  @RequirePermission('cert_delete', { resourceParam: 'certId' })
  async delete(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('certId') certId: string): Promise<boolean> {
    await this.certificates.delete(caller, projectId, certId);
    return true;
  }
}
