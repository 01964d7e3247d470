// The typed-documents codegen both web apps run (`npm run codegen` in h5/ and in portal/, `make generate` for
// both): the server's schema, the app's documents (src/**/*.ts) and the shared sign-in documents
// (api/session-documents.ts), written to the app's src/gql/ (committed, never edited by hand). Each app's codegen.ts is this config, so both read the schema alike: scalars as strings, enums
// as string unions, documents as strings for @shared/api/graphql's execute.
//
// Paths are relative to the app's folder, where graphql-codegen runs; both apps sit beside graph/. QIAO_SCHEMA
// reads another copy of the schema instead (a glob), e.g. a commit's while graph/schema/ holds work in progress.
export const typedDocuments = {
  schema: process.env.QIAO_SCHEMA ?? '../graph/schema/*.graphqls',
  documents: ['src/**/*.ts', '../shared-web/api/*-documents.ts', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client' as const,
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { Time: 'string', ID: 'string', SystemCode: 'string' },
        skipTypename: true,
      },
    },
  },
}
