package wecom

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// MediaType is the type of a temporary medium (临时素材).
type MediaType string

// Media types media/upload takes.
const (
	MediaImage MediaType = "image" // JPG or PNG, at most 10 MB
	MediaVoice MediaType = "voice" // AMR, at most 2 MB and 60 s
	MediaVideo MediaType = "video" // MP4, at most 10 MB
	MediaFile  MediaType = "file"  // anything, at most 20 MB
)

// MediaTTL is how long WeCom keeps an uploaded medium.
const MediaTTL = 72 * time.Hour

// minMediaSize: WeCom takes files of more than 5 bytes.
const minMediaSize = 6

type mediaRule struct {
	max    int
	format string
	ok     func([]byte) bool
}

// mediaRules are WeCom's size limits and formats. Formats are checked by
// their magic bytes, as WeCom looks at content rather than the name.
var mediaRules = map[MediaType]mediaRule{
	MediaImage: {10 << 20, "JPG or PNG", func(b []byte) bool {
		return bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}) || bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n"))
	}},
	MediaVoice: {2 << 20, "AMR", func(b []byte) bool { return bytes.HasPrefix(b, []byte("#!AMR")) }},
	MediaVideo: {10 << 20, "MP4", func(b []byte) bool { return len(b) >= 8 && string(b[4:8]) == "ftyp" }},
	MediaFile:  {20 << 20, "", nil},
}

// UploadedMedia is an uploaded temporary medium. Its ID feeds messages
// (Media.MediaID) and the batch import jobs until ExpiresAt.
type UploadedMedia struct {
	Type      MediaType
	ID        string
	CreatedAt time.Time
}

// ExpiresAt is when WeCom forgets the medium.
func (m UploadedMedia) ExpiresAt() time.Time { return m.CreatedAt.Add(MediaTTL) }

// UploadMedia uploads data as a temporary medium (POST
// /cgi-bin/media/upload, multipart field "media" with its filename and
// filelength). data must be more than 5 bytes, within the type's limit and
// (image, voice, video) in the type's format; otherwise no request is
// made. Import files for the batch jobs are uploaded as MediaFile.
func (c *Client) UploadMedia(ctx context.Context, app App, typ MediaType, filename string, data []byte) (UploadedMedia, error) {
	const api = "media/upload"
	rule, ok := mediaRules[typ]
	switch {
	case !ok:
		return UploadedMedia{}, fmt.Errorf("wecom %s: unknown media type %q", api, typ)
	case filename == "" || strings.ContainsAny(filename, "\r\n/\\"):
		return UploadedMedia{}, fmt.Errorf("wecom %s: invalid file name %q", api, filename)
	case len(data) < minMediaSize || len(data) > rule.max:
		return UploadedMedia{}, fmt.Errorf("wecom %s: %s of %d bytes, want 6 to %d", api, typ, len(data), rule.max)
	case rule.ok != nil && !rule.ok(data):
		return UploadedMedia{}, fmt.Errorf("wecom %s: %s must be %s", api, typ, rule.format)
	}
	body, contentType, err := mediaBody(filename, data)
	if err != nil {
		return UploadedMedia{}, fmt.Errorf("wecom %s: %w", api, err)
	}
	var out struct {
		Type      MediaType       `json:"type"`
		MediaID   string          `json:"media_id"`
		CreatedAt json.RawMessage `json:"created_at"`
	}
	r := request{method: http.MethodPost, api: api, query: url.Values{"type": {string(typ)}},
		body: body, contentType: contentType, retryBusy: true}
	if err := c.call(ctx, app, r, &out); err != nil {
		return UploadedMedia{}, err
	}
	// WeCom sends created_at as a string of Unix seconds; accept a number.
	secs, err := strconv.ParseInt(strings.Trim(string(out.CreatedAt), `"`), 10, 64)
	if err != nil || out.MediaID == "" {
		return UploadedMedia{}, fmt.Errorf("wecom %s: answer without media_id or created_at", api)
	}
	return UploadedMedia{Type: out.Type, ID: out.MediaID, CreatedAt: time.Unix(secs, 0)}, nil
}

// mediaBody builds the multipart body. The part header carries filelength,
// which WeCom's documentation asks for and mime/multipart does not write.
func mediaBody(filename string, data []byte) ([]byte, string, error) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	esc := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="media"; filename="%s"; filelength=%d`,
		esc.Replace(filename), len(data)))
	h.Set("Content-Type", "application/octet-stream")
	part, err := w.CreatePart(h)
	if err != nil {
		return nil, "", err
	}
	if _, err := part.Write(data); err != nil {
		return nil, "", err
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return b.Bytes(), w.FormDataContentType(), nil
}
