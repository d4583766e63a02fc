import type { ElementAdditionalOptions, JobControlOption, JobTemplateModel, StageTemplateModel, StepTemplateModel, VariableTemplateModel } from '@bkci/pipeline-model';

/** A pipeline using most of what the transfer carries; its Model is the starting point of the Model round trip. */
export const REALISTIC_PIPELINE_YAML = `version: v3.0
name: release
desc: build, test and ship
label: [backend]
on:
  repo-name: team/service
  type: git
  manual:
    can-skip-step: true
  schedules:
    cron: ["0 2 * * *"]
    branches: [main]
    always: true
  push:
    branches: [main, "release/*"]
    paths-ignore: [docs]
  tag:
    tags: ["v*"]
  mr:
    target-branches: [main]
    action: [open, push-update]
    block-mr: true
variables:
  ENV:
    value: dev
    props:
      label: Environment
      type: selector
      options:
        - id: dev
        - id: prod
          label: Production
  debug:
    value: "false"
    allow-modify-at-startup: false
    props:
      type: boolean
  REGION:
    value: gz
    const: true
  token:
    value: ""
    readonly: true
    props:
      type: vuex-input
      description: api token
      required: true
stages:
  - name: build
    id: build
    label: [Build]
    fast-kill: true
    jobs:
      compile:
        name: Compile
        runs-on:
          pool-name: docker
          container:
            image: mirrors.tencent.com/ci/tlinux3:latest
          queue-timeout-minutes: 20
        timeout-minutes: 60
        env:
          GOFLAGS: -mod=vendor
        mutex:
          label: compile-lock
          queue-length: 2
          timeout-minutes: 30
        strategy:
          matrix:
            go: ["1.21", "1.22"]
          max-parallel: 2
        steps:
          - checkout: self
          - name: build
            id: build
            run: make build
            timeout-minutes: 30
            retry-times: 2
            env:
              CGO_ENABLED: "0"
          - name: upload
            uses: UploadArtifactory@1.*
            with:
              path: bin/
            if: FAILURE
            continue-on-error: MANUAL_SKIP
      win:
        runs-on:
          self-hosted: true
          pool-name: windows-pool
          agent-selector: [windows]
        depend-on: [compile]
        if: \${{ variables.ENV == 'prod' }}
        continue-on-error: true
        steps:
          - run: build.bat
            shell: cmd
          - template: steps/lint.yml
  - name: approve
    if:
      mode: RUN_WHEN_ALL_PARAMS_MATCH
      params:
        ENV: prod
    check-in:
      reviews:
        flows:
          - name: leads
            reviewers: [alice, bob]
        description: ship it?
      timeout-hours: 12
    jobs:
      notify:
        runs-on: agentless
        steps:
          - uses: sendmsg@1.*
            with:
              to: team
            if: ALWAYS
      template: jobs/deploy.yml
  - template: stages/smoke.yml
finally:
  cleanup:
    if: FAILURE
    steps:
      - run: make clean
notices:
  - if: FAILURE
    type: [email, wework-chat]
    receivers: [alice]
    chat-id: [chat1]
    content: failed
concurrency:
  group: release
  queue-length: 3
fail-if-variable-invalid: true
cancel-policy: RESTRICTED
`;

const stepOptions = (extra: Partial<ElementAdditionalOptions> = {}): ElementAdditionalOptions => ({
  enable: true,
  continueWhenFailed: false,
  manualSkip: false,
  retryWhenFailed: false,
  retryCount: 0,
  timeout: 900,
  timeoutVar: '900',
  runCondition: 'PRE_TASK_SUCCESS',
  ...extra,
});

const jobControl = (extra: Partial<JobControlOption> = {}): JobControlOption => ({
  enable: true,
  timeout: 900,
  timeoutVar: '900',
  runCondition: 'STAGE_RUNNING',
  dependOnType: 'NAME',
  prepareTimeout: 10,
  continueWhenFailed: false,
  ...extra,
});

export const stageTemplate: StageTemplateModel = {
  '@type': 'stage',
  stages: [
    {
      id: 'stage-1',
      name: 'notify',
      stageIdForUser: 'notify',
      tag: ['Deploy'],
      fastKill: true,
      finally: false,
      stageControlOption: { enable: true, runCondition: 'CUSTOM_CONDITION_MATCH', customCondition: "ci.branch == 'main'" },
      containers: [
        {
          '@type': 'normal',
          jobId: 'send',
          name: 'Send',
          jobControlOption: jobControl(),
          matrixGroupFlag: false,
          elements: [
            { '@type': 'marketBuildLess', name: 'mail', atomCode: 'sendmail', version: '1.*', data: { input: { to: 'team' } }, additionalOptions: stepOptions() },
          ],
        },
      ],
    },
    { id: 'stage-2', containers: [], template: { templateRefType: 'PATH', templatePath: 'stages/more.yml' } },
  ],
};

export const jobTemplate: JobTemplateModel = {
  '@type': 'job',
  containers: [
    {
      '@type': 'vmBuild',
      jobId: 'build',
      name: 'Build',
      baseOS: 'LINUX',
      vmNames: [],
      maxQueueMinutes: 60,
      maxRunningMinutes: 120,
      dispatchType: { buildType: 'DOCKER', value: 'mirrors.tencent.com/ci/tlinux3:latest' },
      showBuildResource: false,
      customEnv: [{ key: 'A', value: '1' }],
      jobControlOption: jobControl({ timeout: 120, timeoutVar: '120', runCondition: 'CUSTOM_VARIABLE_MATCH_NOT_RUN', customVariables: [{ key: 'SKIP', value: 'true' }] }),
      matrixGroupFlag: true,
      matrixControlOption: { strategyStr: 'os:\n  - a\n  - b\n', fastKill: true, maxConcurrency: 5 },
      mutexGroup: { enable: true, mutexGroupName: 'lock', queueEnable: true, queue: 3, timeout: 900, timeoutVar: '900' },
      elements: [
        { '@type': 'linuxScript', name: 'make', stepId: 'make', version: '1.*', scriptType: 'SHELL', script: 'make', continueNoneZero: false, enableArchiveFile: false, archiveFile: null, additionalOptions: stepOptions({ timeout: 10, timeoutVar: '10' }) },
      ],
    },
    { '@type': 'jobTemplate', elements: [], template: { templateRefType: 'PATH', templatePath: 'jobs/other.yml' } },
  ],
};

export const stepTemplate: StepTemplateModel = {
  '@type': 'step',
  container: {
    '@type': 'vmBuild',
    jobId: 'job_1',
    name: 'Job-1',
    baseOS: 'LINUX',
    vmNames: [],
    maxQueueMinutes: 60,
    maxRunningMinutes: 900,
    dispatchType: { buildType: 'DOCKER', value: '' },
    showBuildResource: false,
    jobControlOption: jobControl(),
    matrixGroupFlag: false,
    elements: [
      { '@type': 'marketBuild', name: 'checkout', atomCode: 'checkout', version: '1.*', data: { input: { repositoryType: 'NAME', repositoryName: 'team/lib', depth: 1 } }, additionalOptions: stepOptions() },
      { '@type': 'windowsScript', name: 'bat', version: '1.*', scriptType: 'BAT', script: 'dir', additionalOptions: stepOptions({ continueWhenFailed: true, retryWhenFailed: true, retryCount: 1 }), customEnv: [{ key: 'X', value: 'y' }] },
      { '@type': 'stepTemplate', template: { templateRefType: 'PATH', templatePath: 'steps/common.yml' } },
    ],
  },
};

export const variableTemplate: VariableTemplateModel = {
  '@type': 'variable',
  params: [
    {
      id: 'ENV',
      name: 'Environment',
      desc: 'where to deploy',
      required: true,
      constant: false,
      type: 'ENUM',
      defaultValue: 'dev',
      options: [
        { key: 'dev', value: 'dev' },
        { key: 'prod', value: 'Production' },
      ],
      readOnly: false,
      valueNotEmpty: false,
      asInstanceInput: true,
    },
    { id: 'REGION', required: false, constant: true, type: 'STRING', defaultValue: 'gz', readOnly: true, valueNotEmpty: false, asInstanceInput: false },
    { id: 'debug', required: false, constant: false, type: 'BOOLEAN', defaultValue: false, readOnly: false, valueNotEmpty: false, asInstanceInput: false, sensitive: true },
  ],
};
