package oa_test

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/tenancy"
)

// Minimal heads of the allowlisted formats.
var (
	pngHead  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	jpegHead = []byte("\xff\xd8\xff\xe0\x00\x10JFIF")
	gifHead  = []byte("GIF89a\x01\x00")
	pdfHead  = []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	zipHead  = []byte("PK\x03\x04\x14\x00\x06\x00")
	oleHead  = []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00")
	exeHead  = []byte("MZ\x90\x00\x03\x00\x00\x00")
	gbkText  = []byte("\xc4\xe3\xba\xc3\xa3\xac\xca\xc0\xbd\xe7\r\n") // 你好，世界 in GBK
	webpHead = []byte("RIFF\x24\x00\x00\x00WEBPVP8 ")
)

func file(name string, b []byte) oa.AttachmentInput {
	return oa.AttachmentInput{Name: name, ContentType: "text/html", Size: int64(len(b)), Body: bytes.NewReader(b)}
}

func textFile(name, s string) oa.AttachmentInput { return file(name, []byte(s)) }

func TestDetectContentType(t *testing.T) {
	long := bytes.Repeat([]byte("中"), 200) // 600 bytes: the 512-byte window cuts a rune
	cases := []struct {
		name string
		head []byte
		file string
		want string
	}{
		{"PNG", pngHead, "a.png", oa.TypePNG},
		{"PNGWhateverItsName", pngHead, "a.exe", oa.TypePNG},
		{"JPEG", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), "a.jpg", oa.TypeJPEG},
		{"GIF", []byte("GIF89a\x01\x00"), "a.gif", oa.TypeGIF},
		{"WebP", webpHead, "a.webp", oa.TypeWebP},
		{"PDF", pdfHead, "a.pdf", oa.TypePDF},
		{"DOCX", zipHead, "报告.DOCX", oa.TypeDOCX},
		{"XLSX", zipHead, "a.xlsx", oa.TypeXLSX},
		{"PPTX", zipHead, "a.pptx", oa.TypePPTX},
		{"ZIP", zipHead, "a.zip", oa.TypeZIP},
		{"DOC", oleHead, "a.doc", oa.TypeDOC},
		{"XLS", oleHead, "a.xls", oa.TypeXLS},
		{"PPT", oleHead, "a.ppt", oa.TypePPT},
		{"TextUTF8", []byte("第一行\r\n第二行\t完"), "a.txt", oa.TypeText},
		{"TextCutRune", long[:512], "a.txt", oa.TypeText},
		{"TextGBK", gbkText, "a.txt", oa.TypeTextLegacy},
		{"ErrOLEInstaller", oleHead, "setup.msi", ""},
		{"ErrExecutable", exeHead, "a.txt", ""},
		{"ErrHTML", []byte("  <!DOCTYPE html><script>x</script>"), "a.txt", ""},
		{"ErrSVG", []byte("<svg onload=alert(1)>"), "a.png", ""},
		{"ErrXML", []byte("<?xml version=\"1.0\"?>"), "a.txt", ""},
		{"ErrControlBytes", []byte("abc\x00def"), "a.txt", ""},
		{"ErrEmpty", nil, "a.txt", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := oa.DetectContentType(c.head, c.file); got != c.want {
				t.Errorf("DetectContentType(%q, %q) = %q, want %q", c.head, c.file, got, c.want)
			}
		})
	}
}

// TestAttachments: files are stored under keys of our own, their type detected, and only the sender and the
// recipients can open them.
func TestAttachments(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenant(t), e.tenant(t)
	png := append(append([]byte{}, pngHead...), bytes.Repeat([]byte{7}, 5000)...)
	it := e.send(t, a, oa.SendInput{RecipientIDs: []uint64{a.approver}, Attachments: []oa.AttachmentInput{
		file("../../etc/passwd/图.png", png),
		textFile(`C:\Users\me\说明.txt`, "请看附件"),
	}})
	v, err := e.oa.Get(a.ctx, a.approver, it.ID)
	if err != nil {
		t.Fatal(err)
	}
	type meta struct {
		Name, Type string
		Size       int64
	}
	var got []meta
	for _, at := range v.Attachments {
		got = append(got, meta{at.Name, at.ContentType, at.Size})
		if strings.Contains(at.StorageKey, "passwd") || strings.Contains(at.StorageKey, "图") {
			t.Errorf("storage key %q derived from the name", at.StorageKey)
		}
	}
	want := []meta{{"图.png", oa.TypePNG, int64(len(png))}, {"说明.txt", oa.TypeText, int64(len("请看附件"))}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("attachments (-want +got):\n%s", diff)
	}
	// Every stored file sits in the tenant's directory of the root, nowhere else.
	var paths []string
	_ = filepath.WalkDir(e.filesDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(e.filesDir, p)
			paths = append(paths, rel)
		}
		return nil
	})
	if len(paths) != 2 || filepath.Dir(paths[0]) != itoa(a.id) || filepath.Dir(paths[1]) != itoa(a.id) {
		t.Errorf("files on disk %v, want two under %d/", paths, a.id)
	}

	pngID := v.Attachments[0].ID
	for name, who := range map[string]uint64{"Sender": a.sender, "Recipient": a.approver} {
		t.Run("Open/"+name, func(t *testing.T) {
			at, rc, err := e.oa.OpenAttachment(a.ctx, who, pngID)
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			body, _ := io.ReadAll(rc)
			if !bytes.Equal(body, png) || at.Name != "图.png" {
				t.Errorf("opened %q, %d bytes", at.Name, len(body))
			}
		})
	}
	t.Run("Open/ErrThroughRelated", func(t *testing.T) {
		// third sees the item's text through a related item, not its files.
		if _, err := e.oa.Send(a.ctx, a.approver, oa.SendInput{Title: "转", RecipientIDs: []uint64{a.third}, RelatedIDs: []uint64{it.ID}}); err != nil {
			t.Fatal(err)
		}
		v, err := e.oa.Get(a.ctx, a.third, it.ID)
		if err != nil || len(v.Attachments) != 0 || len(v.Actions) != 0 {
			t.Fatalf("via related: attachments %v actions %v err %v", v.Attachments, v.Actions, err)
		}
		_, _, err = e.oa.OpenAttachment(a.ctx, a.third, pngID)
		wantCode(t, err, apperr.NotFound)
	})
	t.Run("Open/ErrStranger", func(t *testing.T) {
		_, _, err := e.oa.OpenAttachment(a.ctx, a.outside, pngID)
		wantCode(t, err, apperr.NotFound)
	})
	t.Run("Open/ErrOtherTenant", func(t *testing.T) {
		_, _, err := e.oa.OpenAttachment(b.ctx, b.sender, pngID)
		wantCode(t, err, apperr.NotFound)
	})
}

// TestAttachmentLimits: too many, too large, empty, a type not allowed or a size that lies: invalid, and neither
// rows nor files are left behind.
func TestAttachmentLimits(t *testing.T) {
	e := newEnv(t)
	a := e.tenant(t)
	eleven := make([]oa.AttachmentInput, oa.MaxAttachments+1)
	for i := range eleven {
		eleven[i] = textFile("a.txt", "x")
	}
	huge := oa.AttachmentInput{Name: "big.pdf", Size: oa.MaxAttachmentBytes + 1, Body: io.MultiReader(bytes.NewReader(pdfHead), zeros{})}
	cases := []struct {
		name  string
		files []oa.AttachmentInput
	}{
		{"TooMany", eleven},
		{"TooLarge", []oa.AttachmentInput{textFile("a.txt", "ok"), huge}},
		{"Empty", []oa.AttachmentInput{textFile("a.txt", "")}},
		{"NoName", []oa.AttachmentInput{textFile(" ../ ", "x")}},
		{"ControlInName", []oa.AttachmentInput{textFile("a\x00.txt", "x")}},
		{"LongName", []oa.AttachmentInput{textFile(strings.Repeat("名", oa.MaxAttachmentNameRunes+1), "x")}},
		{"Executable", []oa.AttachmentInput{textFile("a.txt", "ok"), file("a.pdf", exeHead)}},
		{"HTML", []oa.AttachmentInput{textFile("a.txt", "<html><script>alert(1)</script>")}},
		{"Installer", []oa.AttachmentInput{file("setup.msi", oleHead)}},
		{"LongerThanDeclaredSmall", []oa.AttachmentInput{{Name: "a.txt", Size: 3, Body: strings.NewReader("abcdef")}}},
		{"LongerThanDeclared", []oa.AttachmentInput{textFile("ok.txt", "ok"), {Name: "a.pdf", Size: 1000, Body: io.MultiReader(bytes.NewReader(pdfHead), strings.NewReader(strings.Repeat("x", 2000)))}}},
		{"ShorterThanDeclared", []oa.AttachmentInput{textFile("ok.txt", "ok"), {Name: "a.pdf", Size: 5000, Body: bytes.NewReader(pdfHead)}}},
		// The reader's phone opens a file by its extension, so the extension must be one of the detected type's.
		{"TextAsBAT", []oa.AttachmentInput{textFile("ok.txt", "ok"), textFile("run.bat", "@echo off\r\ndel /q *")}},
		{"TextAsVBS", []oa.AttachmentInput{textFile("a.vbs", `CreateObject("WScript.Shell").Run "calc"`)}},
		{"TextAsHTA", []oa.AttachmentInput{textFile("x.HTA", "x")}},
		{"TextAsHTML", []oa.AttachmentInput{textFile("x.html", "hello")}},
		{"TextAsJS", []oa.AttachmentInput{textFile("x.js", "alert(1)")}},
		{"LegacyTextAsBAT", []oa.AttachmentInput{file("x.bat", gbkText)}},
		{"ZIPAsAPK", []oa.AttachmentInput{file("app.apk", zipHead)}},
		{"ZIPAsJAR", []oa.AttachmentInput{file("a.jar", zipHead)}},
		{"ZIPAsDOCM", []oa.AttachmentInput{file("m.docm", zipHead)}},
		{"PDFAsTXT", []oa.AttachmentInput{file("a.txt", pdfHead)}},
		{"PNGAsJPG", []oa.AttachmentInput{file("a.jpg", pngHead)}},
		{"TrailingDot", []oa.AttachmentInput{textFile("x.bat.", "x")}},
		{"NoExtensionTooLong", []oa.AttachmentInput{textFile(strings.Repeat("名", oa.MaxAttachmentNameRunes), "x")}},
		// Format characters disguise a name whose extension is fine: this zip displays as "photopiz.jpg".
		{"RightToLeftOverride", []oa.AttachmentInput{file("photo\u202egpj.zip", zipHead)}},
		{"RightToLeftOverrideJS", []oa.AttachmentInput{textFile("invoice\u202efdp.js", "x")}},
		{"ZeroWidthSpace", []oa.AttachmentInput{textFile("a\u200b.txt", "x")}},
		{"DirectionalIsolate", []oa.AttachmentInput{textFile("a\u2066.txt", "x")}},
		{"LineSeparator", []oa.AttachmentInput{textFile("a\u2028b.txt", "x")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := e.snapshot(t, a)
			_, err := e.oa.Send(a.ctx, a.sender, oa.SendInput{Title: "t", RecipientIDs: []uint64{a.approver}, Attachments: c.files})
			wantField(t, err, "attachments")
			if after := e.snapshot(t, a); after != before {
				t.Errorf("wrote %+v → %+v", before, after)
			}
			if n := countFiles(t, e.filesDir); n != 0 {
				t.Errorf("%d files left on disk", n)
			}
		})
	}
	t.Run("ErrNoStore", func(t *testing.T) {
		s := oa.NewService(e.db, e.dir.store, nil)
		_, err := s.Send(a.ctx, a.sender, oa.SendInput{Title: "t", RecipientIDs: []uint64{a.approver}, Attachments: []oa.AttachmentInput{textFile("a.txt", "x")}})
		wantField(t, err, "attachments")
	})
}

// TestAttachmentNames: every allowlisted type is accepted under its own extensions, in any case, and a name
// without an extension gets its type's canonical one.
func TestAttachmentNames(t *testing.T) {
	e := newEnv(t)
	a := e.tenant(t)
	cases := []struct {
		name     string
		in       oa.AttachmentInput
		wantName string
		wantType string
	}{
		{"PDF", file("报价单.pdf", pdfHead), "报价单.pdf", oa.TypePDF},
		{"PNG", file("图.PNG", pngHead), "图.PNG", oa.TypePNG},
		{"JPG", file("照片.jpg", jpegHead), "照片.jpg", oa.TypeJPEG},
		{"JPEG", file("照片.jpeg", jpegHead), "照片.jpeg", oa.TypeJPEG},
		{"GIF", file("a.gif", gifHead), "a.gif", oa.TypeGIF},
		{"WebP", file("a.webp", webpHead), "a.webp", oa.TypeWebP},
		{"DOCX", file("报告.docx", zipHead), "报告.docx", oa.TypeDOCX},
		{"XLSX", file("表.xlsx", zipHead), "表.xlsx", oa.TypeXLSX},
		{"PPTX", file("a.pptx", zipHead), "a.pptx", oa.TypePPTX},
		{"DOC", file("a.doc", oleHead), "a.doc", oa.TypeDOC},
		{"XLS", file("a.xls", oleHead), "a.xls", oa.TypeXLS},
		{"ZIP", file("资料.zip", zipHead), "资料.zip", oa.TypeZIP},
		{"TXT", textFile("说明.txt", "请看"), "说明.txt", oa.TypeText},
		{"TXTLegacy", file("gbk.txt", gbkText), "gbk.txt", oa.TypeTextLegacy},
		{"DotsBeforeExtension", file("v1.2 报价.pdf", pdfHead), "v1.2 报价.pdf", oa.TypePDF},
		{"NoExtensionText", textFile("说明", "请看"), "说明.txt", oa.TypeText},
		{"NoExtensionZIP", file("archive", zipHead), "archive.zip", oa.TypeZIP},
		{"NoExtensionJPEG", file("IMG_0001", jpegHead), "IMG_0001.jpg", oa.TypeJPEG},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			it := e.send(t, a, oa.SendInput{RecipientIDs: []uint64{a.approver}, Attachments: []oa.AttachmentInput{c.in}})
			v, err := e.oa.Get(a.ctx, a.approver, it.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Attachments) != 1 || v.Attachments[0].Name != c.wantName || v.Attachments[0].ContentType != c.wantType {
				t.Errorf("attachments %+v, want one %q of type %q", v.Attachments, c.wantName, c.wantType)
			}
		})
	}
}

// zeros is an endless reader of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// cancelAfterPut stores files, then cancels the send's context, so the transaction that follows fails.
type cancelAfterPut struct {
	oa.AttachmentStore
	cancel context.CancelFunc
}

func (c cancelAfterPut) Put(ctx context.Context, tenant tenancy.ID, name, ct string, r io.Reader, size int64) (string, error) {
	k, err := c.AttachmentStore.Put(ctx, tenant, name, ct, r, size)
	c.cancel()
	return k, err
}

// TestFailedSendRemovesFiles: files stored before a transaction that then fails are deleted.
func TestFailedSendRemovesFiles(t *testing.T) {
	e := newEnv(t)
	a := e.tenant(t)
	ctx, cancel := context.WithCancel(a.ctx)
	s := oa.NewService(e.db, e.dir.store, nil, oa.WithAttachments(cancelAfterPut{e.files, cancel}))
	before := e.snapshot(t, a)
	_, err := s.Send(ctx, a.sender, oa.SendInput{Title: "t", RecipientIDs: []uint64{a.approver},
		Attachments: []oa.AttachmentInput{textFile("a.txt", "one"), file("b.pdf", pdfHead)}})
	if err == nil {
		t.Fatal("send succeeded on a cancelled context")
	}
	if n := countFiles(t, e.filesDir); n != 0 {
		t.Errorf("%d files left on disk after a failed send", n)
	}
	if after := e.snapshot(t, a); after != before {
		t.Errorf("wrote %+v → %+v", before, after)
	}
}

// TestDiskStorePaths: keys are the store's own; anything else, another tenant's key or a link out of the root is
// not found, and nothing outside the root is read or removed.
func TestDiskStorePaths(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(outside, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := oa.NewDiskStore(root)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := tenancy.WithTenant(context.Background(), 7)
	k, err := st.Put(ctx, 7, "../../secret.txt", "text/plain", strings.NewReader("hello"), 5)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(k, "7/") || strings.Contains(k, "secret") {
		t.Errorf("key %q", k)
	}
	rc, err := st.Open(ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rc)
	_ = rc.Close()
	if string(b) != "hello" {
		t.Errorf("read %q", b)
	}
	// A symlink planted in the tenant directory under a well-formed key still cannot leave the root.
	planted := "7/" + strings.Repeat("a", 32)
	if err := os.Symlink(outside, filepath.Join(root, filepath.FromSlash(planted))); err != nil {
		t.Fatal(err)
	}
	bad := []string{"", "../" + filepath.Base(outside), "7/../../x", "/etc/passwd", "7/" + strings.Repeat("A", 32),
		"7/" + strings.Repeat("0", 31), "07/" + strings.Repeat("0", 32), "8/" + k[2:], planted}
	for _, key := range bad {
		if rc, err := st.Open(ctx, key); err == nil {
			_ = rc.Close()
			t.Errorf("Open(%q) succeeded", key)
		}
		if key != planted {
			if err := st.Delete(ctx, key); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("Delete(%q) = %v, want not_found", key, err)
			}
		}
	}
	if _, err := st.Open(tenancy.WithTenant(context.Background(), 8), k); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another tenant opened %q: %v", k, err)
	}
	if _, err := os.Stat(outside); err != nil {
		t.Errorf("file outside the root touched: %v", err)
	}
	if _, err := st.Put(ctx, 7, "x", "", strings.NewReader("toolong"), 3); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("Put with a lying size: %v, want invalid", err)
	}
	if err := st.Delete(ctx, k); err != nil {
		t.Fatal(err)
	}
	if err := st.Delete(ctx, k); err != nil {
		t.Errorf("second delete: %v", err)
	}
	if n := countFiles(t, root); n != 1 { // the planted link only
		t.Errorf("%d files left", n)
	}
}
