// The one GraphQL request module of both web apps (h5/ and portal/, each importing it as @shared/api/graphql):
// every call goes through execute() (one POST to /graphql) or a client from createClient() (adds the bearer token
// and refreshes an expired session once). It imports nothing, so it resolves from either app.

/**
 * A typed document as each app's codegen writes it (src/gql/graphql.ts's TypedDocumentString): its text, and
 * the result and variables types carried by `__apiType`, as @graphql-typed-document-node/core's
 * DocumentTypeDecoration declares them.
 */
export interface TypedDocumentString<TResult, TVariables> {
  toString(): string
  __apiType?: (variables: TVariables) => TResult
}

/** The error codes the server puts in `extensions.code`, plus `network` for a request that never got an answer. */
export type ErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'invalid'
  | 'conflict'
  | 'rate_limited'
  | 'internal'
  | 'network'

const SERVER_CODES: ReadonlySet<string> = new Set([
  'unauthenticated',
  'forbidden',
  'not_found',
  'invalid',
  'conflict',
  'rate_limited',
  'internal',
])

/** What the user reads when the server gave no usable message (or must not be quoted, as for internal errors). */
const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  unauthenticated: '登录已失效，请重新登录',
  forbidden: '没有权限进行此操作',
  not_found: '内容不存在或已被删除',
  invalid: '填写的内容有误，请检查后重试',
  conflict: '内容已被他人更新，请刷新后重试',
  rate_limited: '操作过于频繁，请稍后再试',
  internal: '服务器开小差了，请稍后重试',
  network: '网络连接失败，请检查网络后重试',
}

/** An error from the server or the network, with the code callers branch on. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly path?: ReadonlyArray<string | number>
  /** The input field an `invalid` error points at (the server's `extensions.field`), e.g. "choices". */
  readonly field?: string

  constructor(code: ErrorCode, message: string, path?: ReadonlyArray<string | number>, field?: string) {
    super(message || DEFAULT_MESSAGES[code])
    this.name = 'ApiError'
    this.code = code
    this.path = path
    this.field = field
  }
}

/** Maps a raw `extensions.code` to an ErrorCode; anything unknown counts as internal. */
export function toErrorCode(raw: unknown): ErrorCode {
  if (typeof raw !== 'string') return 'internal'
  const code = raw.toLowerCase()
  return SERVER_CODES.has(code) ? (code as ErrorCode) : 'internal'
}

/** Chinese characters: a server message without any is meant for programs, not for the person reading the page. */
const HAN = /[\u3400-\u9fff]/

/**
 * The sentence to show the user for an error, in Chinese. The server's own message is shown for rule violations
 * (invalid, conflict, forbidden, not_found, rate_limited: e.g. a password policy failure) when it is written for
 * people (in Chinese); internal and network errors, and messages written for programs ("malformed cursor"), get
 * the code's fixed Chinese sentence.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'internal' || err.code === 'network' || err.code === 'unauthenticated') {
      return DEFAULT_MESSAGES[err.code]
    }
    return HAN.test(err.message) ? err.message : DEFAULT_MESSAGES[err.code]
  }
  return DEFAULT_MESSAGES.internal
}

/** True when err is an ApiError with one of the codes. */
export function isApiError(err: unknown, ...codes: ErrorCode[]): err is ApiError {
  return err instanceof ApiError && (codes.length === 0 || codes.includes(err.code))
}

/** A document's variables argument: optional when the operation has no required variables. */
export type VariablesArg<V> = Record<string, never> extends V ? [variables?: V] : [variables: V]

/** Transport settings; the defaults fit the browser (same origin /graphql, global fetch). */
export interface TransportOptions {
  endpoint?: string
  fetch?: typeof fetch
}

export interface ExecuteOptions extends TransportOptions {
  /** Sent as `Authorization: Bearer <accessToken>` when set. */
  accessToken?: string | null
}

interface GraphQLResponse<T> {
  data?: T | null
  errors?: Array<{ message?: string; path?: Array<string | number>; extensions?: { code?: unknown; field?: unknown } }>
}

function operationName(query: string): string | undefined {
  return /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1]
}

/** The error code for an HTTP status when the body says nothing more. */
export function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'unauthenticated'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 429) return 'rate_limited'
  if (status === 400 || status === 422) return 'invalid'
  return 'internal'
}

/**
 * Sends one operation and returns its data. Throws ApiError: the first GraphQL error's code and message,
 * `network` when the request failed before an answer, or a code from the HTTP status when the body is not
 * a GraphQL response.
 */
export async function execute<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables | undefined,
  options: ExecuteOptions = {},
): Promise<TResult> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  const query = document.toString()
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json',
  }
  if (options.accessToken) headers.Authorization = `Bearer ${options.accessToken}`

  let response: Response
  try {
    response = await doFetch(options.endpoint ?? '/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables: variables ?? {}, operationName: operationName(query) }),
    })
  } catch {
    throw new ApiError('network', '')
  }

  let body: GraphQLResponse<TResult>
  try {
    body = (await response.json()) as GraphQLResponse<TResult>
  } catch {
    throw new ApiError(codeForStatus(response.status), '')
  }

  const first = body.errors?.[0]
  if (first) {
    const code = first.extensions?.code !== undefined ? toErrorCode(first.extensions.code) : codeForStatus(response.status)
    const field = typeof first.extensions?.field === 'string' ? first.extensions.field : undefined
    throw new ApiError(code, first.message ?? '', first.path, field)
  }
  if (body.data == null) {
    throw new ApiError(response.ok ? 'internal' : codeForStatus(response.status), '')
  }
  return body.data
}

/** How a client reaches the session it authenticates with. */
export interface SessionHooks {
  /** The current access token, or null when signed out. */
  accessToken(): string | null
  /**
   * Replaces the session with a fresh one. Resolves true when a new access token is in place, false when the
   * session cannot be renewed (no refresh token, or the server refused it); rejects on network or server
   * failure, which leaves the session as it was. Concurrent calls must share one refresh.
   */
  refresh(): Promise<boolean>
  /** Called when the session is gone for good (refresh refused, or refused again after a refresh). */
  onAuthFailure(): void
}

/** Authenticated requests. */
export interface GraphQLClient {
  request<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    ...variables: VariablesArg<TVariables>
  ): Promise<TResult>
}

/**
 * When a client renews the session besides after `unauthenticated`: uploads use it, because the server refuses a
 * multipart request from a caller it does not know before reading the files and closes the connection on the
 * rest, so the browser may get no answer at all instead of the refusal (see upload.ts).
 */
export interface RenewalPolicy {
  /** True when the session should be renewed before the request is sent (its token is about to expire). */
  renewFirst?(): boolean
  /** True when a failure other than `unauthenticated` means the access token was refused. */
  tokenRefused?(err: ApiError): boolean
}

/**
 * A client that sends the session's access token and, on `unauthenticated` (or what the policy counts as a refused
 * token), renews the session ONCE and retries; if that fails too it calls onAuthFailure and rethrows the
 * unauthenticated error. A session renewed before sending (policy.renewFirst) has had its one renewal: the request
 * is sent once, and a refusal then is final.
 */
export function createClient(hooks: SessionHooks, transport: TransportOptions = {}, policy: RenewalPolicy = {}): GraphQLClient {
  // Renews the session, or ends it and throws when it cannot be renewed.
  async function renew(cause: ApiError | null): Promise<void> {
    if (await hooks.refresh()) return
    hooks.onAuthFailure()
    throw cause?.code === 'unauthenticated' ? cause : new ApiError('unauthenticated', '')
  }

  return {
    async request<TResult, TVariables>(
      document: TypedDocumentString<TResult, TVariables>,
      ...args: VariablesArg<TVariables>
    ): Promise<TResult> {
      const variables = args[0] as TVariables | undefined
      if (policy.renewFirst?.()) {
        await renew(null)
      } else {
        const token = hooks.accessToken()
        try {
          return await execute(document, variables, { ...transport, accessToken: token })
        } catch (err) {
          if (!isApiError(err) || !(err.code === 'unauthenticated' || policy.tokenRefused?.(err))) throw err
          // Another request may have renewed the session while this one was in flight.
          const current = hooks.accessToken()
          if (current === null || current === token) await renew(err)
        }
      }
      try {
        return await execute(document, variables, { ...transport, accessToken: hooks.accessToken() })
      } catch (err) {
        if (isApiError(err, 'unauthenticated')) hooks.onAuthFailure()
        throw err
      }
    },
  }
}
