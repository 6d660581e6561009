// @custom-elements-manifest/analyzer settings. The element's reactive properties are Lit
// `@property` declarations, which the analyzer reads as they are. The one attribute the element
// sets itself (`state`, reflected, read-only) is documented with `@attr` on the class: this plugin
// links it to its getter, as the analyzer links the others.
function linkReflectedAttributes() {
  return {
    name: 'ws-client-link-reflected-attributes',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          for (const attribute of declaration.attributes ?? []) {
            if (attribute.fieldName) continue;
            const field = declaration.members?.find(
              (member) => member.kind === 'field' && member.name === attribute.name,
            );
            if (!field) continue;
            attribute.fieldName = field.name;
            field.attribute = attribute.name;
          }
        }
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  litelement: true,
  plugins: [linkReflectedAttributes()],
};
