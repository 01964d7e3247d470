package staffsheet_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/staffsheet"
	"github.com/qiao-hq/qiao/testkit"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

func readAll(t *testing.T, data []byte, name string) ([]staffsheet.Row, error) {
	t.Helper()
	var rows []staffsheet.Row
	err := staffsheet.Read(bytes.NewReader(data), name, func(r staffsheet.Row) error {
		rows = append(rows, r)
		return nil
	})
	return rows, err
}

// TestTemplate: the template has the 员工 sheet with every column's header and an example, and 填写须知 with a line
// per column; read back, it gives its example row.
func TestTemplate(t *testing.T) {
	var buf bytes.Buffer
	if err := staffsheet.WriteTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); !cmp.Equal(got, []string{staffsheet.SheetStaff, staffsheet.SheetNotes}) {
		t.Errorf("sheets = %v", got)
	}
	notes, err := f.GetRows(staffsheet.SheetNotes)
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, r := range notes {
		text += strings.Join(r, " ") + "\n"
	}
	for _, c := range staffsheet.Columns {
		if !strings.Contains(text, c.Title) || !strings.Contains(text, c.Note) {
			t.Errorf("填写须知 lacks %s: %s", c.Title, text)
		}
	}
	rows, err := readAll(t, buf.Bytes(), "模板.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Line != 2 || rows[0].Get(staffsheet.ColLogin) != "wangxm" ||
		rows[0].Get(staffsheet.ColMobile) != "13800000000" || rows[0].Get(staffsheet.ColDepartments) != "广研/产品中心;广研/项目部" {
		t.Errorf("rows = %+v", rows)
	}
}

// TestReadCSV: a csv as Excel saves it (GB18030 on a Chinese Windows, or UTF-8 with a BOM), columns in any order,
// blank rows skipped; bad files are refused naming the file.
func TestReadCSV(t *testing.T) {
	src := "工号,登录名,姓名*,手机,备注\nE1,lisi,李四,13900000000,随便\n,,,,\nE2,zhao,赵六,,\n"
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(src)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"gbk.csv": []byte(gbk), "utf8.CSV": append([]byte("\xef\xbb\xbf"), src...)} {
		t.Run(name, func(t *testing.T) {
			rows, err := readAll(t, data, name)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 || rows[0].Get(staffsheet.ColName) != "李四" || rows[0].Get(staffsheet.ColEmployeeNo) != "E1" ||
				rows[1].Line != 4 || rows[1].Get(staffsheet.ColLogin) != "zhao" {
				t.Errorf("rows = %+v", rows)
			}
		})
	}
	for _, tc := range []struct{ name, file, data string }{
		{"NotASheet", "staff.txt", "姓名,登录名\n"},
		{"MissingColumns", "staff.csv", "姓名,手机\n张三,138\n"},
		{"Empty", "staff.csv", ""},
		{"BrokenXLSX", "staff.xlsx", "PK not really"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAll(t, []byte(tc.data), tc.file)
			var ae *apperr.Error
			if !apperr.Is(err, apperr.Invalid) || !asApp(err, &ae) || ae.Field != "file" {
				t.Errorf("err = %v, want invalid on file", err)
			}
		})
	}
}

func asApp(err error, ae **apperr.Error) bool {
	for e := err; e != nil; {
		if x, ok := e.(*apperr.Error); ok {
			*ae = x
			return true
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		e = u.Unwrap()
	}
	return false
}

// TestPlan: each row is planned against the directory: created, updated, left, or bad with every reason.
func TestPlan(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "sheet")
	ctx := tn.Ctx()
	dir := env.Directory
	if _, err := dir.CreateDepartment(ctx, "广研", nil, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := dir.CreateBranch(ctx, "广州分公司"); err != nil {
		t.Fatal(err)
	}
	same, _, err := dir.CreateStaff(ctx, directory.NewEmployee{Employee: directory.Employee{Name: "不变", Mobile: ptr("13700000001")}, Login: "same"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := dir.CreateStaff(ctx, directory.NewEmployee{Employee: directory.Employee{Name: "旧名", Email: ptr("old@example.com"), EmployeeNo: ptr("E7")}, Login: "renamed"}); err != nil {
		t.Fatal(err)
	}
	csv := "姓名,登录名,手机,邮箱,部门,分公司,工号\n" +
		"新人,newbie,13800000001,,广研/产品中心;广研,广州分公司,E1\n" + // 2 create, one new department
		"不变,same,13700000001,,,,\n" + // 3 leave
		"新名,renamed,,old@example.com,,,E7\n" + // 4 update
		",nameless,13800000002,,,,\n" + // 5 bad: no name
		"无联系,nocontact,,,,,\n" + // 6 bad: no mobile nor email
		"撞号,dupmobile,13700000001,,,,\n" + // 7 bad: another employee's mobile
		"重复,newbie,13800000003,,,,\n" + // 8 bad: login of row 2
		"分公司,nobranch,13800000004,,,深圳分公司,\n" + // 9 bad: unknown branch
		"坏手机,badmobile,phone,,,,E1\n" // 10 bad: mobile, and row 2's 工号
	rows, err := readAll(t, []byte(csv), "staff.csv")
	if err != nil {
		t.Fatal(err)
	}
	p, err := staffsheet.Plan(ctx, dir, rows)
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		Line    int
		Action  staffsheet.Action
		Reasons string
	}
	var rs []got
	for _, r := range p.Rows {
		rs = append(rs, got{r.Line, r.Action, strings.Join(r.Reasons, "；")})
	}
	want := []got{
		{2, staffsheet.ActionCreate, ""},
		{3, staffsheet.ActionLeave, ""},
		{4, staffsheet.ActionUpdate, ""},
		{5, staffsheet.ActionBad, "姓名为空"},
		{6, staffsheet.ActionBad, "手机和邮箱都为空（至少填写一项）"},
		{7, staffsheet.ActionBad, "手机号 13700000001 已被其他员工使用"},
		{8, staffsheet.ActionBad, "登录名 newbie 与第 2 行重复"},
		{9, staffsheet.ActionBad, "分公司「深圳分公司」不存在"},
		{10, staffsheet.ActionBad, "手机号格式不正确；工号 E1 与第 2 行重复"},
	}
	if diff := cmp.Diff(want, rs); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	if p.Create != 1 || p.Update != 1 || p.Leave != 1 || p.Bad != 6 || !cmp.Equal(p.NewDepartments, []string{"广研/产品中心"}) {
		t.Errorf("counts %d/%d/%d/%d, new departments %v", p.Create, p.Update, p.Leave, p.Bad, p.NewDepartments)
	}
	if r := p.Rows[0]; *r.Employee.WeComUserID != "newbie" || r.Employee.BranchID == nil || !cmp.Equal(r.Departments, []string{"广研/产品中心", "广研"}) {
		t.Errorf("row 2 plans %+v", r)
	}
	if p.Rows[1].ExistingID != same.ID {
		t.Errorf("row 3 leaves %d, want %d", p.Rows[1].ExistingID, same.ID)
	}
	// Nothing was written.
	roster, err := dir.Roster(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range roster {
		if e.Login == "newbie" || e.Name == "新名" {
			t.Errorf("the preview wrote %+v", e)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// TestExportRoundTrip: the export lists the current staff in the template's shape (departments as paths, main
// first; resigned people left out), and importing it back changes nobody.
func TestExportRoundTrip(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "export")
	ctx := tn.Ctx()
	dir := env.Directory
	root, err := dir.CreateDepartment(ctx, "广研", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := dir.CreateDepartment(ctx, "产品中心", &root.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := dir.CreateBranch(ctx, "广州分公司")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = dir.CreateStaff(ctx, directory.NewEmployee{Employee: directory.Employee{Name: "王小明", Mobile: ptr("13800000009"),
		Position: ptr("产品经理/项目经理"), EmployeeNo: ptr("0007"), BranchID: &b.ID}, Login: "wangxm",
		DepartmentIDs: []uint64{root.ID, sub.ID}, MainDepartmentID: sub.ID})
	if err != nil {
		t.Fatal(err)
	}
	gone, _, err := dir.CreateStaff(ctx, directory.NewEmployee{Employee: directory.Employee{Name: "已离职", Email: ptr("gone@example.com")}, Login: "gone"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dir.ChangeStanding(ctx, 0, []uint64{gone.ID}, directory.ActionResign); err != nil {
		t.Fatal(err)
	}
	// The seeded people have neither mobile nor email, which an import refuses: give them one.
	for _, p := range []apptest.Person{tn.Admin, tn.Sender, tn.Approver} {
		if _, err := dir.UpdateStaff(ctx, p.EmployeeID, directory.StaffPatch{Email: ptr(p.Login + "@example.com")}); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := staffsheet.WriteExport(ctx, dir, &buf); err != nil {
		t.Fatal(err)
	}
	rows, err := readAll(t, buf.Bytes(), "export.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	var mine staffsheet.Row
	for _, r := range rows {
		if r.Get(staffsheet.ColLogin) == "gone" {
			t.Error("a resigned employee was exported")
		}
		if r.Get(staffsheet.ColLogin) == "wangxm" {
			mine = r
		}
	}
	want := [len(staffsheet.ColumnKeys)]string{"王小明", "wangxm", "wangxm", "13800000009", "", "广研/产品中心;广研",
		"产品经理/项目经理", "0007", "广州分公司"}
	if mine.Values != want {
		t.Errorf("exported %v, want %v", mine.Values, want)
	}
	p, err := staffsheet.Plan(ctx, dir, rows)
	if err != nil {
		t.Fatal(err)
	}
	if p.Leave != len(rows) || p.Create+p.Update+p.Bad != 0 {
		t.Errorf("importing the export back: %d create, %d update, %d leave, %d bad; want all %d left (%+v)",
			p.Create, p.Update, p.Leave, p.Bad, len(rows), p.Rows)
	}
}

// TestImportJob: the job writes the previewed rows; a row whose value another employee took after the preview is
// recorded failed with the directory's words while the rest are written; running the job again writes nothing
// more; the failed rows' workbook has the bad and the refused rows with their reasons.
func TestImportJob(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "job")
	ctx := tn.Ctx()
	imports := env.StaffImports
	sheet := "姓名,登录名,手机\n甲,jia,13800000021\n乙,yi,13800000022\n丙,bing,\n"
	imp, err := imports.Preview(ctx, "admin", "s.csv", strings.NewReader(sheet))
	if err != nil {
		t.Fatal(err)
	}
	// After the preview, someone else takes 乙's mobile.
	if _, _, err := env.Directory.CreateStaff(ctx, directory.NewEmployee{Employee: directory.Employee{Name: "抢先", Mobile: ptr("13800000022")}, Login: "first"}); err != nil {
		t.Fatal(err)
	}
	if _, err := imports.Apply(ctx, imp.ID); err != nil {
		t.Fatal(err)
	}
	var msg outbox.Message
	if err := env.DB.WithContext(ctx).Where("kind = ?", outbox.KindStaffImport).Take(&msg).Error; err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := imports.Run(ctx, msg.ID); err != nil {
			t.Fatal(err)
		}
	}
	got, err := imports.Get(ctx, imp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != staffsheet.StateDone || got.Applied != 1 || got.Failed != 1 || got.Bad != 1 || got.FinishedAt == nil {
		t.Errorf("import = %+v", got)
	}
	rows, _, err := imports.Rows(ctx, imp.ID, nil, true, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Login != "yi" || rows[0].Result != staffsheet.ResultFailed || !strings.Contains(rows[0].Error, "13800000022") ||
		rows[1].Login != "bing" || rows[1].Action != staffsheet.ActionBad {
		t.Errorf("rows not imported = %+v", rows)
	}
	var buf bytes.Buffer
	if err := imports.WriteFailed(ctx, imp.ID, &buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	all, err := f.GetRows(staffsheet.SheetStaff)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[0][len(all[0])-1] != "失败原因" || !strings.HasPrefix(all[1][len(all[1])-1], "第 3 行：") ||
		!strings.Contains(all[2][len(all[2])-1], "手机和邮箱都为空") {
		t.Errorf("failed rows workbook = %v", all)
	}
	page, err := env.Directory.SearchEmployees(ctx, directory.SearchInput{Query: "甲", First: 10})
	if err != nil || page.TotalCount != 1 {
		t.Errorf("甲 imported: %d, %v", page.TotalCount, err)
	}
	if _, err := imports.Apply(ctx, imp.ID); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("applied twice: %v", err)
	}
}
