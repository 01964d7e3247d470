package oa

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"strconv"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenancy"
)

// DiskStore is the local-disk AttachmentStore. A file lives at <root>/<tenant>/<32 random hex digits>; that path is
// also its key. Names from users never reach the file system, every key is checked against that exact shape before
// use, and all access goes through an os.Root, so no key can reach outside the root directory.
type DiskStore struct {
	root *os.Root
}

// diskKey is the only shape of key DiskStore creates and accepts.
var diskKey = regexp.MustCompile(`^([1-9][0-9]{0,19})/[0-9a-f]{32}$`)

// NewDiskStore returns a DiskStore keeping files under dir, which it creates (mode 0750) when missing. Close it
// when done.
func NewDiskStore(dir string) (*DiskStore, error) {
	if dir == "" {
		return nil, errors.New("oa: attachment directory is empty")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("oa: create attachment directory: %w", err)
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("oa: open attachment directory: %w", err)
	}
	return &DiskStore{root: r}, nil
}

// Close releases the root directory.
func (d *DiskStore) Close() error { return d.root.Close() }

// Put implements AttachmentStore. The file is written under a temporary name and renamed into place only once all
// size bytes arrived, so a reader never sees half a file and a failed Put leaves nothing behind. name and
// contentType are not used: the database keeps them.
func (d *DiskStore) Put(_ context.Context, tenant tenancy.ID, _, _ string, r io.Reader, size int64) (string, error) {
	if tenant == 0 {
		return "", errors.New("oa: disk store: no tenant")
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("oa: disk store: random key: %w", err)
	}
	dir := strconv.FormatUint(tenant, 10)
	key := dir + "/" + hex.EncodeToString(b)
	if err := d.root.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("oa: disk store: tenant directory: %w", err)
	}
	tmp := key + ".part"
	f, err := d.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return "", fmt.Errorf("oa: disk store: create: %w", err)
	}
	n, err := io.Copy(f, io.LimitReader(r, size+1))
	if err == nil && n != size {
		err = sizeMismatch()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = d.root.Rename(tmp, key)
	}
	if err != nil {
		_ = d.root.Remove(tmp)
		return "", fmt.Errorf("oa: disk store: write: %w", err)
	}
	return key, nil
}

// Open implements AttachmentStore. A key of another tenant than the one in ctx is not_found, like a malformed one.
func (d *DiskStore) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := d.check(ctx, key); err != nil {
		return nil, err
	}
	f, err := d.root.Open(key)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, apperr.Wrap(err, apperr.NotFound, "附件文件不存在")
	}
	if err != nil {
		return nil, fmt.Errorf("oa: disk store: open: %w", err)
	}
	return f, nil
}

// Delete implements AttachmentStore.
func (d *DiskStore) Delete(ctx context.Context, key string) error {
	if err := d.check(ctx, key); err != nil {
		return err
	}
	if err := d.root.Remove(key); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("oa: disk store: delete: %w", err)
	}
	return nil
}

// check accepts only keys DiskStore makes, of the tenant in ctx when ctx has one (a System context may reach any).
func (d *DiskStore) check(ctx context.Context, key string) error {
	m := diskKey.FindStringSubmatch(key)
	if m == nil {
		return apperr.E(apperr.NotFound, "附件文件不存在")
	}
	if t, ok := tenancy.FromContext(ctx); ok && strconv.FormatUint(t, 10) != m[1] {
		return apperr.E(apperr.NotFound, "附件文件不存在")
	}
	return nil
}
