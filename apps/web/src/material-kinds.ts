/** The kinds of material the API knows (MaterialKind), in the order lists offer them. */
export const MATERIAL_KINDS = [
  'PRESENTATION',
  'AGENDA',
  'REPORT',
  'NATIONAL_ACTION_PLAN',
  'TRAINING_GUIDE',
  'OTHER',
];
