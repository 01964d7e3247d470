package web

import (
	"bytes"
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

// staffSheet serves the import template (StaffTemplatePath) or the export of the current staff (StaffExportPath)
// to the tenant's admins and its partner, authenticated as on /graphql. The workbook is built before the first
// byte is sent, so a failure answers a JSON error instead of a broken file.
type staffSheet struct {
	dir    staffsheet.Directory
	export bool
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
	if h.export {
		name = "员工-" + time.Now().Format("20060102") + ".xlsx"
		err = staffsheet.WriteExport(r.Context(), h.dir, &buf)
	} else {
		err = staffsheet.WriteTemplate(&buf)
	}
	if err != nil {
		h.log.ErrorContext(r.Context(), "staff sheet failed", "export", h.export, "err", err)
		writeError(w, apperr.OrInternal(err, "staff sheet"))
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
