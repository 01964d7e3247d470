// Files in a GraphQL operation (the GraphQL multipart request spec, which the server's gqlgen reads), with upload
// progress. It plugs into graphql.ts as the transport's fetch, so an upload gets the same errors, bearer token and
// refresh-once rule as every other request: execute() sends its JSON body here, and this sends that body as the
// `operations` field beside the files. fetch() cannot report upload progress, so the request is an XMLHttpRequest.
//
// The server refuses an upload from a caller its token does not name before reading a byte of the files, and then
// closes the connection on the megabytes still coming (server/web/limits.go): the browser often reports no answer
// at all instead of the refusal, and the refresh-once rule would never run. So uploadClient renews a token that is
// about to expire before sending, and counts a request that got no answer while the token had expired as refused.
import { createClient, type GraphQLClient, type SessionHooks, type TypedDocumentString, type VariablesArg } from './graphql'

/** One file and where it goes in the operation's variables, e.g. "variables.input.attachments.0". */
export interface UploadFile {
  path: string
  file: Blob
  /** The file name sent; a File's own name when left out. */
  name?: string
}

/**
 * The multipart form for a JSON GraphQL body and its files. The variables must hold null where each file goes:
 * the server puts the file there, by the `map` field.
 */
export function multipartForm(operations: string, files: ReadonlyArray<UploadFile>): FormData {
  const form = new FormData()
  form.append('operations', operations)
  const map: Record<string, string[]> = {}
  files.forEach((f, i) => {
    map[String(i)] = [f.path]
  })
  form.append('map', JSON.stringify(map))
  files.forEach((f, i) => {
    const name = f.name ?? (f.file as File).name ?? `file-${i}`
    form.append(String(i), f.file, name)
  })
  return form
}

/** What uploadFetch needs of XMLHttpRequest; tests pass a fake. */
export type XhrFactory = () => XMLHttpRequest

/**
 * A fetch for graphql.ts's transport that sends files with the operation and reports the share of the request
 * sent so far (0 to 1) to onProgress. Headers other than Content-Type (which the form sets, with its boundary) are
 * sent as given, Authorization included. A request that gets no answer rejects, as fetch does.
 */
export function uploadFetch(
  files: ReadonlyArray<UploadFile>,
  onProgress: (sent: number) => void = () => {},
  xhr: XhrFactory = () => new XMLHttpRequest(),
): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const req = xhr()
      req.open(init?.method ?? 'POST', String(input))
      for (const [k, v] of Object.entries((init?.headers as Record<string, string> | undefined) ?? {})) {
        if (k.toLowerCase() !== 'content-type') req.setRequestHeader(k, v)
      }
      req.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(Math.min(e.loaded / e.total, 1))
      }
      req.onload = () => {
        onProgress(1)
        resolve(
          new Response(req.responseText, {
            status: req.status,
            headers: { 'Content-Type': req.getResponseHeader('Content-Type') ?? 'application/json' },
          }),
        )
      }
      req.onerror = () => reject(new TypeError('upload failed'))
      req.onabort = () => reject(new TypeError('upload aborted'))
      req.send(multipartForm(String(init?.body ?? '{}'), files))
    })
}

/** An access token that expires within this many ms is renewed before an upload is sent. */
export const RENEW_BEFORE_UPLOAD_MS = 60_000

/** The session an upload is sent for: the hooks of every request, and when its access token expires. */
export interface UploadSession extends SessionHooks {
  /** When the current access token expires, in ms since the epoch; null when not known. */
  accessTokenExpiresAt(): number | null
}

export interface UploadOptions {
  /** The share of the request sent so far, 0 to 1; it starts again from 0 when the upload is sent again. */
  onProgress?: (sent: number) => void
  endpoint?: string
  /** For tests: a fake XMLHttpRequest and a fake clock. */
  xhr?: XhrFactory
  now?: () => number
}

/**
 * A client that sends its operations with files (uploadFetch), with the refresh-once rule of every request and
 * two more turns of it: a session whose access token expires within RENEW_BEFORE_UPLOAD_MS is renewed before the
 * files are sent, and a request that got no answer (`network`) when the token has expired, or is about to, is
 * taken as the server's refusal of the token: the session is renewed and the upload sent once more. Either way the
 * session is renewed at most once and the upload sent at most twice.
 */
export function uploadClient(session: UploadSession, files: ReadonlyArray<UploadFile>, options: UploadOptions = {}): GraphQLClient {
  const now = options.now ?? Date.now
  const expiring = () => {
    const at = session.accessTokenExpiresAt()
    return at !== null && at - now() < RENEW_BEFORE_UPLOAD_MS
  }
  return createClient(
    session,
    { endpoint: options.endpoint, fetch: uploadFetch(files, options.onProgress, options.xhr) },
    { renewFirst: expiring, tokenRefused: (err) => err.code === 'network' && expiring() },
  )
}

/** A store's upload: an operation sent with its files, the variables holding null where each file goes. */
export type Upload = <TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  files: ReadonlyArray<UploadFile>,
  onProgress?: (sent: number) => void,
) => Promise<TResult>

/**
 * A session's upload: each call sends its operation and files through uploadClient (the session renewed before the
 * files go, or after they got no answer), reporting the share sent to onProgress. transport is read at each call
 * (tests change it).
 */
export function uploader(session: UploadSession, transport: () => Omit<UploadOptions, 'onProgress'> = () => ({})): Upload {
  return (document, variables, files, onProgress) =>
    uploadClient(session, files, { ...transport(), onProgress }).request(document, ...([variables] as VariablesArg<typeof variables>))
}
