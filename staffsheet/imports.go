package staffsheet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/text"
)

// State is where an import stands.
type State string

// The states of an import: previewed (nothing written yet), applying (the job runs), done.
const (
	StatePreviewed State = "previewed"
	StateApplying  State = "applying"
	StateDone      State = "done"
)

// Import is one uploaded sheet: its preview's counts, and as the job applies it, its progress (table
// staff_imports). Applied and Failed count the rows to create or update that were written or refused.
type Import struct {
	ID                            uint64 `gorm:"primaryKey"`
	TenantID                      uint64
	FileName                      string
	State                         State
	StartedBy                     string
	Total                         int
	Creates, Updates, Leaves, Bad int
	Applied, Failed               int
	NewDepartmentsJSON            *string `gorm:"column:new_departments"`
	CreatedAt, UpdatedAt          time.Time
	FinishedAt                    *time.Time
}

// TableName implements gorm's tabler.
func (Import) TableName() string { return "staff_imports" }

// NewDepartments are the departments the import creates, parents first.
func (i Import) NewDepartments() []string {
	var out []string
	if i.NewDepartmentsJSON != nil {
		_ = json.Unmarshal([]byte(*i.NewDepartmentsJSON), &out)
	}
	return out
}

// ToApply is how many rows the job writes (created or updated).
func (i Import) ToApply() int { return i.Creates + i.Updates }

// importRow is one row of an import (table staff_import_rows): its plan, and once applied, its result.
type importRow struct {
	TenantID uint64 `gorm:"primaryKey;autoIncrement:false"`
	ImportID uint64 `gorm:"primaryKey;autoIncrement:false"`
	Line     int    `gorm:"primaryKey;autoIncrement:false"`
	Action   Action
	Name     string
	Login    string
	Data     string
	Reasons  *string
	Result   *string
	Error    *string
}

func (importRow) TableName() string { return "staff_import_rows" }

// rowData is what a row keeps to be applied, and written back to the sheet of failed rows.
type rowData struct {
	Values      [len(ColumnKeys)]string `json:"values"`
	Employee    directory.Employee      `json:"employee"`
	Departments []string                `json:"departments,omitempty"`
	ExistingID  uint64                  `json:"existing_id,omitempty"`
}

// FailedRowsPath is where the rows of an import that were not imported are downloaded ({id}: the import; the web
// edge serves it with WriteFailed).
const FailedRowsPath = "/api/staff/imports/{id}/failed.xlsx"

// Row results.
const (
	ResultOK     = "ok"
	ResultFailed = "failed"
)

// RowView is a row of an import as the admin reads it.
type RowView struct {
	Line    int
	Action  Action
	Name    string
	Login   string
	Reasons []string
	Result  string // "", ResultOK or ResultFailed
	Error   string
}

// ImportDirectory is what an import reads and writes of the directory (directory.Store has it).
type ImportDirectory interface {
	Directory
	UpdateStaff(ctx context.Context, id uint64, p directory.StaffPatch) (directory.EmployeeDetail, error)
	CreateStaffBatch(ctx context.Context, items []directory.NewEmployee, hidden *directory.HiddenPassword) ([]error, error)
	CreateDepartment(ctx context.Context, name string, parentID *uint64, sortOrder int) (directory.Department, error)
}

// Imports keeps staff imports: the preview of an upload, and the job that applies it.
type Imports struct {
	db     *gorm.DB
	dir    ImportDirectory
	outbox *outbox.Store
	log    *slog.Logger
	now    func() time.Time
}

// NewImports returns Imports on db (with tenancy.Plugin).
func NewImports(db *gorm.DB, dir ImportDirectory, ob *outbox.Store, log *slog.Logger) *Imports {
	return &Imports{db: db, dir: dir, outbox: ob, log: log, now: time.Now}
}

// maxFileName bounds a kept file name.
const maxFileName = 200

// Preview reads the sheet in r (fileName says xlsx or csv), plans it against the directory (Plan) and keeps the
// preview, writing nothing to the directory. startedBy names who uploaded it (a login, or a partner). It returns
// Read's invalid errors (Field "file"), internal when ctx has no tenant.
func (s *Imports) Preview(ctx context.Context, startedBy, fileName string, r io.Reader) (Import, error) {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return Import{}, apperr.Wrap(err, apperr.Internal, "preview import")
	}
	var rows []Row
	if err := Read(r, fileName, func(row Row) error { rows = append(rows, row); return nil }); err != nil {
		return Import{}, err
	}
	if len(rows) == 0 {
		return Import{}, apperr.InvalidField("file", "表格中没有员工（表头以下都是空行）")
	}
	p, err := Plan(ctx, s.dir, rows)
	if err != nil {
		return Import{}, err
	}
	now := s.now().UTC()
	imp := Import{TenantID: tid, FileName: text.Clip(fileName, maxFileName), State: StatePreviewed, StartedBy: text.Clip(startedBy, 128),
		Total: len(rows), Creates: p.Create, Updates: p.Update, Leaves: p.Leave, Bad: p.Bad, CreatedAt: now, UpdatedAt: now}
	if len(p.NewDepartments) > 0 {
		b, _ := json.Marshal(p.NewDepartments)
		v := string(b)
		imp.NewDepartmentsJSON = &v
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&imp).Error; err != nil {
			return fmt.Errorf("insert import: %w", err)
		}
		out := make([]importRow, len(p.Rows))
		for i, pl := range p.Rows {
			data, err := json.Marshal(rowData{Values: rows[i].Values, Employee: pl.Employee, Departments: pl.Departments,
				ExistingID: pl.ExistingID})
			if err != nil {
				return fmt.Errorf("encode row %d: %w", pl.Line, err)
			}
			out[i] = importRow{TenantID: tid, ImportID: imp.ID, Line: pl.Line, Action: pl.Action,
				Name: text.Clip(pl.Name, 255), Login: text.Clip(pl.Login, 255), Data: string(data)}
			if len(pl.Reasons) > 0 {
				v := strings.Join(pl.Reasons, "\n")
				out[i].Reasons = &v
			}
		}
		return tx.CreateInBatches(out, 500).Error
	})
	if err != nil {
		return Import{}, apperr.Wrap(err, apperr.Internal, "keep import preview")
	}
	return imp, nil
}

// Apply starts the job that writes a previewed import: conflict when it was applied already, not_found for an
// unknown one. An import with nothing to create or update is done at once. The job runs from the outbox, so it is
// neither lost nor run twice if Redis loses everything.
func (s *Imports) Apply(ctx context.Context, id uint64) (Import, error) {
	var imp Import
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", id).Take(&imp).Error; err != nil {
			return database.NotFoundOr(err, "导入记录不存在", "load import")
		}
		if imp.State != StatePreviewed {
			return apperr.E(apperr.Conflict, "该文件已经导入过了，请重新上传以再次导入")
		}
		now := s.now().UTC()
		imp.State, imp.UpdatedAt = StateApplying, now
		if imp.ToApply() == 0 {
			imp.State, imp.FinishedAt = StateDone, &now
		}
		if err := tx.Model(&Import{}).Where("id = ?", id).
			UpdateColumns(map[string]any{"state": imp.State, "updated_at": now, "finished_at": imp.FinishedAt}).Error; err != nil {
			return fmt.Errorf("start import: %w", err)
		}
		if imp.State == StateDone {
			return nil
		}
		return outbox.Add(ctx, tx, now, outbox.KindStaffImport, fmt.Sprintf("%s:%d", outbox.KindStaffImport, id),
			outbox.StaffImportPayload{ImportID: id})
	})
	if err != nil {
		return Import{}, apperr.OrInternal(err, "apply import")
	}
	return imp, nil
}

// applyBatch is how many rows the job writes in one go (the new people in one transaction) between two progress
// updates: 500 took a 50,000-row import from 31 s to 8 s against 50 (README, Performance).
const applyBatch = 500

// Run is the job of outbox message outboxID (KindStaffImport): it creates the import's new departments, then
// writes its rows to create or update in line order, recording each row's result and the import's progress every
// applyBatch rows, and marks the import done and the message done. A row the directory refuses (a value taken
// since the preview) is recorded failed with the directory's words; the rest go on. Run resumes where a run that
// died stopped: rows with a result are not written again. It returns not_found when the message is gone; other
// errors are for the queue to retry.
func (s *Imports) Run(ctx context.Context, outboxID uint64) error {
	m, err := s.outbox.Get(ctx, outboxID)
	if err != nil {
		return err
	}
	if m.Kind != outbox.KindStaffImport {
		return apperr.E(apperr.NotFound, "队列消息 %d 不是员工导入", outboxID)
	}
	var p outbox.StaffImportPayload
	if err := json.Unmarshal([]byte(m.Payload), &p); err != nil || p.ImportID == 0 {
		return s.markDone(ctx, m.ID)
	}
	db := s.db.WithContext(ctx)
	var imp Import
	if err := db.Where("id = ?", p.ImportID).Take(&imp).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return s.markDone(ctx, m.ID)
		}
		return fmt.Errorf("staffsheet: load import: %w", err)
	}
	if imp.State == StateDone {
		return s.markDone(ctx, m.ID)
	}
	byPath, err := s.ensureDepartments(ctx, imp.NewDepartments())
	if err != nil {
		return err
	}
	hidden, err := directory.NewHiddenPassword()
	if err != nil {
		return err
	}
	for {
		var batch []importRow
		if err := db.Where("import_id = ? AND action IN ? AND result IS NULL", imp.ID, []Action{ActionCreate, ActionUpdate}).
			Order("line").Limit(applyBatch).Find(&batch).Error; err != nil {
			return fmt.Errorf("staffsheet: load rows: %w", err)
		}
		if len(batch) == 0 {
			break
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s.applyBatch(ctx, batch, byPath, hidden); err != nil {
			return err
		}
		ok, failed := 0, 0
		for _, r := range batch {
			if *r.Result == ResultOK {
				ok++
			} else {
				failed++
			}
		}
		if err := s.recordBatch(ctx, imp.ID, batch, ok, failed); err != nil {
			return err
		}
	}
	now := s.now().UTC()
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&Import{}).Where("id = ?", imp.ID).
			UpdateColumns(map[string]any{"state": StateDone, "finished_at": now, "updated_at": now}).Error; err != nil {
			return err
		}
		return outbox.MarkDone(ctx, tx, m.ID, now)
	})
	if err != nil {
		return fmt.Errorf("staffsheet: finish import: %w", err)
	}
	s.log.InfoContext(ctx, "staff import done", "import", imp.ID, "rows", imp.ToApply())
	return nil
}

func (s *Imports) markDone(ctx context.Context, id uint64) error {
	if err := outbox.MarkDone(ctx, s.db.WithContext(ctx), id, s.now().UTC()); err != nil {
		return apperr.Wrap(err, apperr.Internal, "mark outbox done")
	}
	return nil
}

// ensureDepartments creates the departments of paths (parents first) that do not exist yet, and returns every
// department's ID by path.
func (s *Imports) ensureDepartments(ctx context.Context, paths []string) (map[string]uint64, error) {
	_, byPath, err := s.dir.DepartmentPaths(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range paths {
		if _, ok := byPath[p]; ok {
			continue
		}
		var parent *uint64
		name := p
		if i := strings.LastIndex(p, directory.DepartmentPathSeparator); i >= 0 {
			id, ok := byPath[p[:i]]
			if !ok {
				return nil, fmt.Errorf("staffsheet: parent of %q missing", p)
			}
			parent, name = &id, p[i+1:]
		}
		d, err := s.dir.CreateDepartment(ctx, name, parent, 0)
		if err != nil {
			return nil, fmt.Errorf("staffsheet: create department %q: %w", p, err)
		}
		byPath[p] = d.ID
	}
	return byPath, nil
}

// applyBatch writes a batch of rows, setting each one's Result (and Error for a failed one): the new people in
// one go (directory.CreateStaffBatch), each update on its own. Its error is for the job to retry.
func (s *Imports) applyBatch(ctx context.Context, batch []importRow, byPath map[string]uint64, hidden *directory.HiddenPassword) error {
	set := func(r *importRow, err error) error {
		res := ResultOK
		if err != nil {
			if apperr.CodeOf(err) == apperr.Internal {
				return err
			}
			res = ResultFailed
			msg := apperr.MessageOf(err)
			r.Error = &msg
		}
		r.Result = &res
		return nil
	}
	var creates []directory.NewEmployee
	var createRows []*importRow
	for i := range batch {
		r := &batch[i]
		var d rowData
		if err := json.Unmarshal([]byte(r.Data), &d); err != nil {
			if err := set(r, apperr.E(apperr.Invalid, "无法读取该行的预览")); err != nil {
				return err
			}
			continue
		}
		depts := make([]uint64, 0, len(d.Departments))
		for _, p := range d.Departments {
			if id, ok := byPath[p]; ok {
				depts = append(depts, id)
			}
		}
		if r.Action == ActionCreate {
			// An imported person signs in through WeCom: their account's password is one nobody knows, and an
			// admin who wants them to have one resets it.
			creates = append(creates, directory.NewEmployee{Employee: d.Employee, Login: r.Login, DepartmentIDs: depts, Hidden: hidden})
			createRows = append(createRows, r)
			continue
		}
		_, err := s.dir.UpdateStaff(ctx, d.ExistingID, patchOf(d, depts))
		if err := set(r, err); err != nil {
			return err
		}
	}
	if len(creates) == 0 {
		return nil
	}
	errs, err := s.dir.CreateStaffBatch(ctx, creates, hidden)
	if err != nil {
		return err
	}
	for i, r := range createRows {
		if err := set(r, errs[i]); err != nil {
			return err
		}
	}
	return nil
}

// patchOf is the update a row makes: every field as the row has it (an empty cell clears), the departments only
// when the row names some.
func patchOf(d rowData, depts []uint64) directory.StaffPatch {
	orEmpty := func(p *string) *string {
		if p == nil {
			empty := ""
			return &empty
		}
		return p
	}
	e := d.Employee
	var branch uint64
	if e.BranchID != nil {
		branch = *e.BranchID
	}
	p := directory.StaffPatch{Name: &e.Name, WeComUserID: e.WeComUserID, Mobile: orEmpty(e.Mobile), Email: orEmpty(e.Email),
		Position: orEmpty(e.Position), EmployeeNo: orEmpty(e.EmployeeNo), BranchID: &branch}
	if len(d.Departments) > 0 {
		p.DepartmentIDs = &depts
	}
	return p
}

// recordBatch writes a batch's results and adds them to the import's progress, in one transaction.
func (s *Imports) recordBatch(ctx context.Context, id uint64, batch []importRow, ok, failed int) error {
	now := s.now().UTC()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// One statement for the batch: each row's result and error chosen by its line.
		lines := make([]int, len(batch))
		for i, r := range batch {
			lines[i] = r.Line
		}
		result := database.CaseBy("line", len(batch), func(i int) (any, any) { return batch[i].Line, batch[i].Result })
		errText := database.CaseBy("line", len(batch), func(i int) (any, any) { return batch[i].Line, batch[i].Error })
		if err := tx.Model(&importRow{}).Where("import_id = ? AND line IN ?", id, lines).
			UpdateColumns(map[string]any{"result": result, "error": errText}).Error; err != nil {
			return err
		}
		return tx.Model(&Import{}).Where("id = ?", id).UpdateColumns(map[string]any{
			"applied": gorm.Expr("applied + ?", ok), "failed": gorm.Expr("failed + ?", failed), "updated_at": now}).Error
	})
	if err != nil {
		return fmt.Errorf("staffsheet: record results: %w", err)
	}
	return nil
}

// Get returns import id; not_found when the tenant has none.
func (s *Imports) Get(ctx context.Context, id uint64) (Import, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return Import{}, apperr.Wrap(err, apperr.Internal, "load import")
	}
	var imp Import
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&imp).Error; err != nil {
		return Import{}, database.NotFoundOr(err, "导入记录不存在", "load import")
	}
	return imp, nil
}

// List returns the tenant's latest imports, newest first (1..100).
func (s *Imports) List(ctx context.Context, limit int) ([]Import, error) {
	if limit < 1 || limit > 100 {
		return nil, apperr.InvalidField("first", "每页 1–100 条")
	}
	var list []Import
	if err := s.db.WithContext(ctx).Order("id DESC").Limit(limit).Find(&list).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list imports")
	}
	return list, nil
}

// Rows returns up to first rows of import id after line afterLine, in line order, those of actions only when
// given; hasNext says whether more follow. failedOnly keeps the rows that were not imported (bad, or refused).
func (s *Imports) Rows(ctx context.Context, id uint64, actions []Action, failedOnly bool, first, afterLine int) ([]RowView, bool, error) {
	if first < 1 || first > 500 {
		return nil, false, apperr.InvalidField("first", "每页 1–500 条")
	}
	q := s.db.WithContext(ctx).Where("import_id = ? AND line > ?", id, afterLine)
	if len(actions) > 0 {
		q = q.Where("action IN ?", actions)
	}
	if failedOnly {
		q = q.Where("(action = ? OR result = ?)", ActionBad, ResultFailed)
	}
	rows, hasNext, err := database.FindPage[importRow](q.Order("line"), first)
	if err != nil {
		return nil, false, apperr.Wrap(err, apperr.Internal, "list import rows")
	}
	out := make([]RowView, len(rows))
	for i, r := range rows {
		out[i] = RowView{Line: r.Line, Action: r.Action, Name: r.Name, Login: r.Login}
		if r.Reasons != nil {
			out[i].Reasons = strings.Split(*r.Reasons, "\n")
		}
		if r.Result != nil {
			out[i].Result = *r.Result
		}
		if r.Error != nil {
			out[i].Error = *r.Error
		}
	}
	return out, hasNext, nil
}

// WriteFailed writes the rows of import id that were not imported (bad, or refused when applied) to w in the
// template's shape, with a last column 失败原因, to be fixed and uploaded again. not_found for an unknown import.
func (s *Imports) WriteFailed(ctx context.Context, id uint64, w io.Writer) error {
	if _, err := s.Get(ctx, id); err != nil {
		return err
	}
	var rows []importRow
	if err := s.db.WithContext(ctx).Where("import_id = ? AND (action = ? OR result = ?)", id, ActionBad, ResultFailed).
		Order("line").Find(&rows).Error; err != nil {
		return apperr.Wrap(err, apperr.Internal, "list failed rows")
	}
	values := make([][]string, len(rows))
	reasons := make([]string, len(rows))
	for i, r := range rows {
		var d rowData
		_ = json.Unmarshal([]byte(r.Data), &d)
		values[i] = d.Values[:]
		switch {
		case r.Reasons != nil:
			reasons[i] = fmt.Sprintf("第 %d 行：%s", r.Line, strings.ReplaceAll(*r.Reasons, "\n", "；"))
		case r.Error != nil:
			reasons[i] = fmt.Sprintf("第 %d 行：%s", r.Line, *r.Error)
		}
	}
	if err := writeWorkbook(w, values, reasons); err != nil {
		return apperr.Wrap(err, apperr.Internal, "write failed rows")
	}
	return nil
}
