/**
 * For tests: a valid v3.0 pipeline of `steps` script steps, about 64 bytes each. Converting one
 * of some 15,000 steps (just under the 1 MiB file limit) is seconds of CPU: it stands for the
 * input that is costly without being wrong.
 */
export function costlyPipelineYaml(steps: number): string {
  const lines = ['version: v3.0', 'name: costly', 'stages:', '  - name: build', '    jobs:', '      build:', '        runs-on: docker', '        steps:'];
  for (let i = 0; i < steps; i++) lines.push(`          - run: echo step ${String(i).padStart(6, '0')} of a long and costly pipeline`);
  return `${lines.join('\n')}\n`;
}
