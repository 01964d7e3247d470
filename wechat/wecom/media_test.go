package wecom_test

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/wechat/wecom"
)

// mediaPart is what the simulator saw of an upload's "media" part.
type mediaPart struct {
	disposition map[string]string
	size        int
}

func TestUploadMedia(t *testing.T) {
	var mu sync.Mutex
	var parts []mediaPart
	// Look at the multipart body on its way to the simulator.
	spy := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/media/upload") {
				body, _ := io.ReadAll(r.Body)
				r.Body = io.NopCloser(strings.NewReader(string(body)))
				_, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
				mr := multipart.NewReader(strings.NewReader(string(body)), params["boundary"])
				if p, err := mr.NextPart(); err == nil {
					_, disp, _ := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
					data, _ := io.ReadAll(p)
					mu.Lock()
					parts = append(parts, mediaPart{disp, len(data)})
					mu.Unlock()
				}
			}
			next.ServeHTTP(w, r)
		})
	}
	e := mustEnv(t, spy)
	ctx := context.Background()

	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 32)...)
	m, err := e.client.UploadMedia(ctx, app, wecom.MediaImage, "头像.png", png)
	if err != nil {
		t.Fatalf("UploadMedia: %v", err)
	}
	now := e.clock.Now()
	if m.ID == "" || m.Type != wecom.MediaImage || !m.CreatedAt.Equal(now.Truncate(time.Second)) ||
		!m.ExpiresAt().Equal(m.CreatedAt.Add(72*time.Hour)) {
		t.Errorf("media %+v", m)
	}
	mu.Lock()
	got := parts
	mu.Unlock()
	if len(got) != 1 || got[0].disposition["name"] != "media" || got[0].disposition["filename"] != "头像.png" ||
		got[0].disposition["filelength"] != "40" || got[0].size != 40 {
		t.Errorf("multipart part %+v", got)
	}
	if _, err := e.client.UploadMedia(ctx, app, wecom.MediaFile, `a"b.csv`, []byte("a,b,c\n")); err != nil {
		t.Errorf("file with a quote in its name: %v", err)
	}

	big := func(prefix string, n int) []byte { return append([]byte(prefix), make([]byte, n-len(prefix))...) }
	cases := []struct {
		name     string
		typ      wecom.MediaType
		filename string
		data     []byte
	}{
		{"ErrType", "doc", "a.doc", []byte("123456")},
		{"ErrFilename", wecom.MediaFile, "", []byte("123456")},
		{"ErrFilenamePath", wecom.MediaFile, "../a.csv", []byte("123456")},
		{"ErrFiveBytes", wecom.MediaFile, "a.csv", []byte("12345")},
		{"ErrImageFormat", wecom.MediaImage, "a.png", []byte("not an image")},
		{"ErrImageSize", wecom.MediaImage, "a.jpg", big("\xFF\xD8\xFF", 10<<20+1)},
		{"ErrVoiceFormat", wecom.MediaVoice, "a.amr", []byte("not amr at all")},
		{"ErrVideoFormat", wecom.MediaVideo, "a.mp4", []byte("not mp4 at all")},
		{"ErrFileSize", wecom.MediaFile, "a.bin", big("x", 20<<20+1)},
	}
	calls := e.sim.CallCount("/cgi-bin/media/upload")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := e.client.UploadMedia(ctx, app, c.typ, c.filename, c.data); err == nil {
				t.Error("no error")
			}
		})
	}
	if n := e.sim.CallCount("/cgi-bin/media/upload"); n != calls {
		t.Errorf("invalid uploads reached WeCom: %d calls", n-calls)
	}
}
