// The server's limits that the H5 checks before sending, so that a person is stopped while typing or picking rather
// than by the server's refusal afterwards. Each is the Go constant named in its comment; oa's TestH5Limits
// (oa/h5limits_test.go) reads this file and fails when a value here differs from the server's. Pages and helpers
// take them from here, never a copy of the number.

/** A collaboration item's title, in characters (oa.MaxTitleRunes). */
export const TITLE_MAX = 200

/** An opinion on a decision, or a comment, on a collaboration item, in characters (oa.MaxOpinionRune). */
export const OPINION_MAX = 1000

/** A search box's keyword, in characters (oa.MaxKeywordRunes). */
export const KEYWORD_MAX = 50

/** Attachments on one collaboration item (oa.MaxAttachments). */
export const ATTACHMENTS_MAX = 10

/** One attachment's size, in bytes (oa.MaxAttachmentBytes). */
export const ATTACHMENT_BYTES_MAX = 20 * 1024 * 1024

/** An attachment's file name, in characters (oa.MaxAttachmentNameRunes). */
export const ATTACHMENT_NAME_MAX = 255

/** The extensions of the files the server accepts, lowercase, without the dot (every type's in oa.typeExtensions). */
export const ATTACHMENT_EXTENSIONS: ReadonlyArray<string> = [
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'pdf',
  'zip',
  'txt',
  'doc',
  'xls',
  'ppt',
  'docx',
  'xlsx',
  'pptx',
]

/**
 * A discussion reply as typed, in UTF-16 units (a textarea's maxlength). The server's limit is on the HTML it
 * stores (discussion.MaxReplyBytes); the reply box writes each unit as at most REPLY_BYTES_PER_UNIT bytes of HTML
 * (`"` becomes `&quot;`) inside one paragraph's `<p></p>`, so a reply this long always fits.
 */
export const REPLY_MAX = 3000

/** The most bytes of stored HTML one typed UTF-16 unit of a reply becomes (see REPLY_MAX). */
export const REPLY_BYTES_PER_UNIT = 6
