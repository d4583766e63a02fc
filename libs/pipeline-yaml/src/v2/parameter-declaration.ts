/** One entry of a template's `parameters:` list (BK-CI `Parameters`). */
export interface ParameterDeclaration {
  name: string;
  type: string;
  default: unknown;
  values: unknown[] | null;
}
