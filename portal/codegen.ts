import type { CodegenConfig } from '@graphql-codegen/cli'
import { typedDocuments } from '../shared-web/codegen'

// Typed GraphQL documents from the server's schema, configured once for h5/ and portal/ in shared-web/codegen.ts.
// Documents live in src/api/documents.ts; `npm run codegen` rewrites src/gql/ (committed, never edited by hand).
const config: CodegenConfig = typedDocuments

export default config
