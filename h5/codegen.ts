import type { CodegenConfig } from '@graphql-codegen/cli'

// Typed GraphQL documents from the server's schema. Documents live in src/api/documents.ts;
// `npm run codegen` rewrites src/gql/ (committed, never edited by hand).
const config: CodegenConfig = {
  schema: '../graph/schema/*.graphqls',
  documents: ['src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { Time: 'string', ID: 'string' },
        skipTypename: true,
      },
    },
  },
}

export default config
