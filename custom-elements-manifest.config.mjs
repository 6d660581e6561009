// @custom-elements-manifest/analyzer settings: the element's reactive properties are Lit
// `@property` declarations, which the analyzer reads as they are.
export default {
  globs: ['src/**/*.ts'],
  litelement: true,
};
