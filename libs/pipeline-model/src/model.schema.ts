/**
 * A Model as the API document shows a body that is one: its name and stages, and the rest as BK-CI's
 * Model has it (the validator, not the document, says what a stage holds).
 */
export const MODEL_SCHEMA = {
  type: 'object',
  description: "BK-CI's pipeline Model: name, stages → containers (jobs) → elements (steps)",
  required: ['name', 'stages'],
  properties: {
    name: { type: 'string' },
    desc: { type: 'string', nullable: true },
    stages: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
  additionalProperties: true,
};
