package oa

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/text"
)

// Limits on attachments.
const (
	MaxAttachments         = 10
	MaxAttachmentBytes     = 20 << 20 // 20 MiB each
	MaxAttachmentNameRunes = 255
)

// AttachmentStore keeps attachment bytes. The local-disk DiskStore is the default; an object store can implement
// it too. Keys are chosen by the store, never derived from the file's name.
type AttachmentStore interface {
	// Put stores exactly size bytes read from r for tenant and returns the key to open them with. An error from
	// r is returned wrapped (the service's reader reports a size mismatch as invalid), and nothing stays stored.
	Put(ctx context.Context, tenant tenancy.ID, name, contentType string, r io.Reader, size int64) (key string, err error)
	// Open returns the bytes stored under key. Errors: not_found for an unknown or malformed key.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the bytes under key; deleting an absent key is not an error.
	Delete(ctx context.Context, key string) error
}

// sniffLen is how much of a file detection reads.
const sniffLen = 512

// upload is a validated attachment ready to be stored.
type upload struct {
	name, contentType string
	size              int64
	body              io.Reader
}

// prepareUploads validates the attachments and detects their types, reading only each file's first bytes, so that
// a bad file anywhere stops the send before anything is stored. A name without an extension gets its type's
// canonical one (see nameForType). Errors: invalid (field "attachments").
func (s *Service) prepareUploads(in []AttachmentInput) ([]upload, error) {
	if len(in) == 0 {
		return nil, nil
	}
	if s.files == nil {
		return nil, apperr.InvalidField("attachments", "附件功能未启用")
	}
	if len(in) > MaxAttachments {
		return nil, apperr.InvalidField("attachments", "附件不能超过 %d 个", MaxAttachments)
	}
	out := make([]upload, 0, len(in))
	for i, a := range in {
		name, err := cleanFileName(a.Name)
		if err != nil {
			return nil, err
		}
		switch {
		case a.Body == nil || a.Size <= 0:
			return nil, apperr.InvalidField("attachments", "附件 %q 是空文件", name)
		case a.Size > MaxAttachmentBytes:
			return nil, apperr.InvalidField("attachments", "附件 %q 超过 %d MB", name, MaxAttachmentBytes>>20)
		}
		head := make([]byte, min(int64(sniffLen), a.Size+1))
		n, err := io.ReadFull(a.Body, head)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("oa: read attachment %d: %w", i+1, err)
		}
		head = head[:n]
		if int64(n) > a.Size {
			return nil, sizeMismatch()
		}
		ct := DetectContentType(head, name)
		if ct == "" {
			return nil, apperr.InvalidField("attachments",
				"附件 %q 的类型不允许，仅支持图片、PDF、Office 文档、zip 和文本", name)
		}
		if name, err = nameForType(name, ct); err != nil {
			return nil, err
		}
		out = append(out, upload{name: name, contentType: ct, size: a.Size,
			body: &exactReader{r: io.MultiReader(bytes.NewReader(head), a.Body), left: a.Size}})
	}
	return out, nil
}

// storeUploads puts every upload; on an error it deletes what it had stored and returns the error.
func (s *Service) storeUploads(ctx context.Context, tenant tenancy.ID, ups []upload) ([]string, error) {
	keys := make([]string, 0, len(ups))
	for _, u := range ups {
		key, err := s.files.Put(ctx, tenant, u.name, u.contentType, u.body, u.size)
		if err != nil {
			s.deleteFiles(ctx, keys)
			return nil, fmt.Errorf("oa: store attachment %q: %w", u.name, err)
		}
		keys = append(keys, key)
	}
	return keys, nil
}

// deleteFiles removes stored files of a send that failed. A file that cannot be removed is only logged: it is
// unreachable (no row points at it) and the send's error matters more.
func (s *Service) deleteFiles(ctx context.Context, keys []string) {
	for _, k := range keys {
		if err := s.files.Delete(context.WithoutCancel(ctx), k); err != nil {
			s.log.WarnContext(ctx, "oa: orphaned attachment left on storage", "key", k, "err", err)
		}
	}
}

// OpenAttachment returns attachment id and its bytes for viewerID, who must be the item's sender or one of its
// recipients; the caller closes the reader. Errors: not_found (no such attachment, or not this viewer's).
func (s *Service) OpenAttachment(ctx context.Context, viewerID, id uint64) (Attachment, io.ReadCloser, error) {
	db := s.db.WithContext(ctx)
	notFound := apperr.E(apperr.NotFound, "附件不存在")
	var a Attachment
	if err := db.Limit(1).Find(&a, id).Error; err != nil {
		return Attachment{}, nil, fmt.Errorf("oa: load attachment: %w", err)
	}
	if a.ID == 0 {
		return Attachment{}, nil, notFound
	}
	item, err := findItem(db, a.ItemID)
	if err != nil {
		return Attachment{}, nil, err
	}
	acc, err := s.access(ctx, db, viewerID, item)
	if err != nil {
		return Attachment{}, nil, err
	}
	if acc != accessDirect {
		return Attachment{}, nil, notFound
	}
	if s.files == nil {
		return Attachment{}, nil, fmt.Errorf("oa: open attachment %d: no attachment store configured", id)
	}
	rc, err := s.files.Open(ctx, a.StorageKey)
	if err != nil {
		return Attachment{}, nil, fmt.Errorf("oa: open attachment %d: %w", id, err)
	}
	return a, rc, nil
}

// cleanFileName keeps the last path element of a client's file name, for display. Errors: invalid.
func cleanFileName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = strings.TrimSpace(name[i+1:])
	}
	if name == "" || name == "." || name == ".." {
		return "", apperr.InvalidField("attachments", "附件名不能为空")
	}
	// The one text rule refuses what changes how a name is shown without changing the extension it is opened by:
	// "invoice\u202efdp.js" displays as "invoicesj.pdf".
	if err := text.CheckLine("attachments", "附件名", name); err != nil {
		return "", err
	}
	if utf8.RuneCountInString(name) > MaxAttachmentNameRunes {
		return "", nameTooLong()
	}
	return name, nil
}

// typeExtensions lists, for each allowlisted type, the extensions its files may carry, the canonical one first. The
// reader's phone opens a file by its name, not by the type we detected, so the name must not claim another kind of
// file: any zip passes as .apk, .jar or .docm, and any text as .bat, .js or .html.
var typeExtensions = map[string][]string{
	TypePNG:        {".png"},
	TypeJPEG:       {".jpg", ".jpeg"},
	TypeGIF:        {".gif"},
	TypeWebP:       {".webp"},
	TypePDF:        {".pdf"},
	TypeZIP:        {".zip"},
	TypeText:       {".txt"},
	TypeTextLegacy: {".txt"},
	TypeDOC:        {".doc"},
	TypeXLS:        {".xls"},
	TypePPT:        {".ppt"},
	TypeDOCX:       {".docx"},
	TypeXLSX:       {".xlsx"},
	TypePPTX:       {".pptx"},
}

// nameForType returns name if its extension (in any case) belongs to ct, the type detected from the content. A name
// without an extension gets ct's canonical one appended rather than refused, as cleanFileName tidies what it can
// make safe. Errors: invalid (field "attachments").
func nameForType(name, ct string) (string, error) {
	exts := typeExtensions[ct]
	if len(exts) == 0 {
		return "", fmt.Errorf("oa: no extensions for detected type %q", ct)
	}
	ext := path.Ext(name)
	if ext == "" {
		name += exts[0]
		if utf8.RuneCountInString(name) > MaxAttachmentNameRunes {
			return "", nameTooLong()
		}
		return name, nil
	}
	if !slices.Contains(exts, strings.ToLower(ext)) {
		want := strings.Join(exts, " ")
		return "", apperr.InvalidField("attachments",
			"附件 %q 的扩展名与内容不符，应为 %s", name, want)
	}
	return name, nil
}

func nameTooLong() error {
	return apperr.InvalidField("attachments", "附件名不能超过 %d 字", MaxAttachmentNameRunes)
}

func sizeMismatch() error {
	return apperr.InvalidField("attachments", "附件大小与声明不符")
}

// exactReader yields exactly left bytes of r and fails with invalid when r has more or fewer, so a store cannot
// keep a file larger than was validated.
type exactReader struct {
	r    io.Reader
	left int64
}

func (e *exactReader) Read(p []byte) (int, error) {
	if e.left <= 0 {
		// Everything declared was read: the source must be at its end.
		var one [1]byte
		for {
			n, err := e.r.Read(one[:])
			switch {
			case n > 0:
				return 0, sizeMismatch()
			case errors.Is(err, io.EOF):
				return 0, io.EOF
			case err != nil:
				return 0, err
			}
		}
	}
	if int64(len(p)) > e.left {
		p = p[:e.left]
	}
	n, err := e.r.Read(p)
	e.left -= int64(n)
	if errors.Is(err, io.EOF) {
		if e.left > 0 {
			return n, sizeMismatch()
		}
		err = nil // report EOF on the next call, after checking nothing follows
	}
	return n, err
}

// Detected content types of the allowlist.
const (
	TypePNG        = "image/png"
	TypeJPEG       = "image/jpeg"
	TypeGIF        = "image/gif"
	TypeWebP       = "image/webp"
	TypePDF        = "application/pdf"
	TypeZIP        = "application/zip"
	TypeText       = "text/plain; charset=utf-8"
	TypeTextLegacy = "text/plain" // text in another encoding (GBK is common): the reader's app guesses it
	TypeDOC        = "application/msword"
	TypeXLS        = "application/vnd.ms-excel"
	TypePPT        = "application/vnd.ms-powerpoint"
	TypeDOCX       = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeXLSX       = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypePPTX       = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)

// DetectContentType returns the allowlisted type of a file from its first bytes, or "" when the file is not on the
// allowlist (images PNG, JPEG, GIF, WebP; PDF; Office documents; zip; plain text in UTF-8 or another encoding such
// as GBK). The name's extension only
// tells apart formats that share a container: zip (docx, xlsx, pptx) and OLE (doc, xls, ppt; other OLE files such
// as .msi are refused). Text that starts like markup (HTML, SVG, XML) is refused, as are control characters.
func DetectContentType(head []byte, name string) string {
	ext := strings.ToLower(path.Ext(name))
	switch {
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return TypePNG
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return TypeJPEG
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return TypeGIF
	case len(head) >= 12 && bytes.HasPrefix(head, []byte("RIFF")) && string(head[8:12]) == "WEBP":
		return TypeWebP
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return TypePDF
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		switch ext {
		case ".docx":
			return TypeDOCX
		case ".xlsx":
			return TypeXLSX
		case ".pptx":
			return TypePPTX
		}
		return TypeZIP
	case bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		switch ext {
		case ".doc":
			return TypeDOC
		case ".xls":
			return TypeXLS
		case ".ppt":
			return TypePPT
		}
		return ""
	}
	switch text, isUTF8 := plainText(head); {
	case text && isUTF8:
		return TypeText
	case text:
		return TypeTextLegacy
	}
	return ""
}

// plainText reports whether head looks like text that is not markup (no control characters, not starting with a
// tag), and whether it is UTF-8. A rune cut off at the end of head still counts as UTF-8, since head is only the
// start of the file.
func plainText(head []byte) (text, isUTF8 bool) {
	b := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if len(b) == 0 {
		return false, false
	}
	if t := bytes.TrimLeft(b, " \t\r\n\f"); len(t) > 1 && t[0] == '<' {
		if c := t[1]; c == '!' || c == '?' || c == '/' || (c|0x20 >= 'a' && c|0x20 <= 'z') {
			return false, false
		}
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
			return false, false
		}
	}
	if utf8.Valid(b) {
		return true, true
	}
	// Cut the window back to the last rune start: a multi-byte rune may straddle it.
	if len(head) == sniffLen {
		for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
			if utf8.RuneStart(b[i]) {
				return true, utf8.Valid(b[:i])
			}
		}
	}
	return true, false
}
