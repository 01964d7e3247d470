package sim

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"
)

// mediaTTL is how long an uploaded temporary medium lives.
const mediaTTL = 72 * time.Hour

// minMediaSize: WeCom takes files of more than 5 bytes.
const minMediaSize = 6

// mediaFile is an uploaded temporary medium (临时素材).
type mediaFile struct {
	typ     string
	data    []byte
	created time.Time
}

// mediaRule is one media type's size limit, the errcode for a size out of
// range, and the format check. sim: WeCom checks formats by content; the
// simulator looks at the magic bytes.
type mediaRule struct {
	max      int
	sizeCode int
	format   func([]byte) bool
}

var mediaRules = map[string]mediaRule{
	"image": {10 << 20, 40009, func(b []byte) bool {
		return bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}) || bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n"))
	}},
	"voice": {2 << 20, 40006, func(b []byte) bool { return bytes.HasPrefix(b, []byte("#!AMR")) }},
	"video": {10 << 20, 40011, func(b []byte) bool { return len(b) >= 8 && string(b[4:8]) == "ftyp" }},
	"file":  {20 << 20, 40006, nil},
}

// maxMediaBody bounds an upload: the largest file plus multipart framing.
const maxMediaBody = 20<<20 + 64<<10

// errMediaSize marks a part longer than any medium may be.
var errMediaSize = errors.New("media too large")

func (s *Server) handleMediaUpload(w http.ResponseWriter, r *http.Request) {
	data, readErr := readMediaPart(w, r)
	s.mu.Lock()
	fields, e := s.mediaUploadLocked(r, data, readErr)
	s.mu.Unlock()
	s.reply(w, r, e, fields)
}

// readMediaPart reads the multipart part named "media". filelength, when
// the part's Content-Disposition carries it, must match what was read.
func readMediaPart(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxMediaBody)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, err
	}
	for {
		p, err := mr.NextPart()
		if err != nil {
			return nil, sizeOrErr(err) // io.EOF: no media part
		}
		if p.FormName() != "media" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(p, 20<<20+1))
		if err != nil {
			return nil, sizeOrErr(err)
		}
		if len(data) > 20<<20 {
			return nil, errMediaSize
		}
		_, params, _ := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		if v, ok := params["filelength"]; ok && v != strconv.Itoa(len(data)) {
			return nil, errors.New("filelength differs from the data")
		}
		return data, nil
	}
}

func sizeOrErr(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errMediaSize
	}
	return err
}

func (s *Server) mediaUploadLocked(r *http.Request, data []byte, readErr error) (map[string]any, *apiError) {
	c, _, e := s.authLocked(r)
	if e != nil {
		return nil, e
	}
	typ := r.URL.Query().Get("type")
	rule, ok := mediaRules[typ]
	if !ok {
		return nil, apiErr(40005, "invalid media type: image, voice, video or file")
	}
	switch {
	case errors.Is(readErr, errMediaSize):
		return nil, apiErr(rule.sizeCode, "invalid media size")
	case readErr != nil || len(data) == 0:
		return nil, apiErr(44001, "empty media data: send a multipart field named media")
	case len(data) < minMediaSize || len(data) > rule.max:
		return nil, apiErr(rule.sizeCode, "invalid media size")
	case rule.format != nil && !rule.format(data):
		return nil, apiErr(40004, "invalid media format")
	}
	now := s.now()
	for id, m := range c.dir.media {
		if now.Sub(m.created) >= mediaTTL {
			delete(c.dir.media, id)
		}
	}
	// WeCom's media ids start with a digit and a dash.
	id := "3" + "-" + newID() + newID()
	c.dir.media[id] = &mediaFile{typ: typ, data: data, created: now}
	return map[string]any{"type": typ, "media_id": id, "created_at": strconv.FormatInt(now.Unix(), 10)}, nil
}

// mediaLocked returns a live medium of the corp, or WeCom's error.
func (s *Server) mediaLocked(c *corp, id string) (*mediaFile, *apiError) {
	if id == "" {
		return nil, apiErr(41006, "media_id missing")
	}
	m := c.dir.media[id]
	if m == nil || s.now().Sub(m.created) >= mediaTTL {
		return nil, apiErr(40007, "invalid media_id")
	}
	return m, nil
}
