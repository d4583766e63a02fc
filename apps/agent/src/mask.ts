export const MASK = '******';

/** The secret values of a job (every credential value it read): no line leaves the agent with one in it. */
export class MaskList {
  private values: string[] = [];

  add(value: string): void {
    if (value === '' || this.values.includes(value)) return;
    // Longest first, so a secret that contains another is masked whole.
    this.values = [...this.values, value].sort((a, b) => b.length - a.length);
  }

  apply(text: string): string {
    let masked = text;
    for (const value of this.values) masked = masked.split(value).join(MASK);
    return masked;
  }
}
