import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { AppCodeProjectDto, toAppCodeProjectDto } from './dto/app-code-project.dto';
import { AppCodeProjectRepository } from './app-code-project.repository';
import { ThirdPartyAppService } from './third-party-app.service';

/** Which projects each app may call the v4 API in (BK-CI's AppCodeProjectService). */
@Injectable()
export class AppCodeProjectService {
  constructor(
    private readonly bindings: AppCodeProjectRepository,
    private readonly apps: ThirdPartyAppService,
  ) {}

  /** Binds the app to the project; binding it again changes nothing. */
  async bind(caller: Caller, appCode: string, projectId: string): Promise<AppCodeProjectDto> {
    await this.apps.require(appCode);
    await this.bindings.add({ appCode, projectId, creator: caller.userId, createdAt: new Date() });
    return toAppCodeProjectDto((await this.bindings.get(appCode, projectId))!);
  }

  /** False when the app was not bound to the project. */
  unbind(appCode: string, projectId: string): Promise<boolean> {
    return this.bindings.remove(appCode, projectId);
  }

  async get(appCode: string, projectId: string): Promise<AppCodeProjectDto | null> {
    const row = await this.bindings.get(appCode, projectId);
    return row ? toAppCodeProjectDto(row) : null;
  }

  async all(): Promise<AppCodeProjectDto[]> {
    return (await this.bindings.all()).map(toAppCodeProjectDto);
  }

  async ofApp(appCode: string): Promise<AppCodeProjectDto[]> {
    return (await this.bindings.ofApp(appCode)).map(toAppCodeProjectDto);
  }

  async ofProject(projectId: string): Promise<AppCodeProjectDto[]> {
    return (await this.bindings.ofProject(projectId)).map(toAppCodeProjectDto);
  }

  isBound(appCode: string, projectId: string): Promise<boolean> {
    return this.bindings.exists(appCode, projectId);
  }
}
