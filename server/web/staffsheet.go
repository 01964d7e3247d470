package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/staffsheet"
)

// The staff spreadsheets' paths.
const (
	StaffTemplatePath = "/api/staff/template.xlsx"
	StaffExportPath   = "/api/staff/export.xlsx"
)

// FailedRows writes an import's rows that were not imported (staffsheet.Imports has it).
type FailedRows interface {
	WriteFailed(ctx context.Context, id uint64, w io.Writer) error
}

// staffSheet serves the import template (StaffTemplatePath) or the export of the current staff (StaffExportPath)
// to the tenant's admins and its partner, authenticated as on /graphql. The workbook is built before the first
// byte is sent, so a failure answers a JSON error instead of a broken file.
type staffSheet struct {
	dir    staffsheet.Directory
	export bool
	// failed, when set, serves staffsheet.FailedRowsPath instead: the import {id}'s rows not imported.
	failed FailedRows
	log    *slog.Logger
}

func (h *staffSheet) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	actor, err := auth.RequireActor(r.Context(), false)
	if err != nil {
		writeError(w, err)
		return
	}
	if !actor.Role.AtLeast(directory.RoleAdmin) {
		writeError(w, apperr.E(apperr.Forbidden, "只有管理员可以下载员工表"))
		return
	}
	var buf bytes.Buffer
	name := "员工导入模板.xlsx"
	switch {
	case h.failed != nil:
		id, perr := strconv.ParseUint(r.PathValue("id"), 10, 64)
		if perr != nil || id == 0 {
			writeError(w, apperr.E(apperr.NotFound, "导入记录不存在"))
			return
		}
		name = fmt.Sprintf("导入失败的行-%d.xlsx", id)
		err = h.failed.WriteFailed(r.Context(), id, &buf)
	case h.export:
		name = "员工-" + time.Now().Format("20060102") + ".xlsx"
		err = staffsheet.WriteExport(r.Context(), h.dir, &buf)
	default:
		err = staffsheet.WriteTemplate(&buf)
	}
	if err != nil {
		if apperr.CodeOf(err) == apperr.Internal {
			h.log.ErrorContext(r.Context(), "staff sheet failed", "path", r.URL.Path, "err", err)
		}
		writeError(w, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	hd.Set("Cache-Control", "private, no-store")
	if _, err := buf.WriteTo(w); err != nil {
		h.log.WarnContext(r.Context(), "staff sheet cut short", "err", err)
	}
}
