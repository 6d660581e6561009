// @custom-elements-manifest/analyzer settings. The element declares its reactive properties with
// createProperty in a loop (one accessor per engine setting), which the analyzer cannot follow:
// this plugin links each attribute to its field (kebab case to camel case), as the analyzer does
// for literal `static properties`, and leaves private members out of the manifest.
const camel = (name) => name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());

function linkAttributes() {
  return {
    name: 'ws-client-link-attributes',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement) continue;
          declaration.members = (declaration.members ?? []).filter((member) => !member.name.startsWith('#'));
          for (const attribute of declaration.attributes ?? []) {
            const field = declaration.members.find(
              (member) => member.kind === 'field' && member.name === camel(attribute.name),
            );
            if (!field) continue;
            attribute.fieldName = field.name;
            field.attribute = attribute.name;
            attribute.type ??= field.type;
          }
        }
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  litelement: true,
  plugins: [linkAttributes()],
};
