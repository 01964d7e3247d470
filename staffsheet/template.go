package staffsheet

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
)

// The template's sheets.
const (
	SheetStaff = "员工"
	SheetNotes = "填写须知"
)

// exampleRow shows one filled-in row under the header.
var exampleRow = []string{"王小明", "wangxm", "", "13800000000", "wangxm@example.com", "广研/产品中心;广研/项目部",
	"产品经理/项目经理", "E0001", ""}

// WriteTemplate writes the import template to w: the 员工 sheet with the header and an example row, and the
// 填写须知 sheet with a line per column and the rules of the import.
func WriteTemplate(w io.Writer) error {
	return writeWorkbook(w, [][]string{exampleRow}, nil)
}

// writeWorkbook writes a workbook in the template's shape with rows under the header; with reasons (one per row)
// a last column 失败原因 holds them (the rows that failed, to fix and upload again).
func writeWorkbook(w io.Writer, rows [][]string, reasons []string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetStaff); err != nil {
		return fmt.Errorf("staffsheet: %w", err)
	}
	sw, err := f.NewStreamWriter(SheetStaff)
	if err != nil {
		return fmt.Errorf("staffsheet: %w", err)
	}
	header := make([]any, 0, len(Columns)+1)
	for _, c := range Columns {
		t := c.Title
		if c.Required {
			t += "*"
		}
		header = append(header, t)
	}
	if reasons != nil {
		header = append(header, "失败原因")
	}
	if err := sw.SetColWidth(1, len(header), 18); err != nil {
		return fmt.Errorf("staffsheet: %w", err)
	}
	if err := sw.SetRow("A1", header); err != nil {
		return fmt.Errorf("staffsheet: %w", err)
	}
	for i, r := range rows {
		vals := make([]any, 0, len(r)+1)
		for _, v := range r {
			// Every cell is text: a mobile or a number like 0001 must not become a number in Excel.
			vals = append(vals, excelize.Cell{Value: v})
		}
		if reasons != nil {
			vals = append(vals, reasons[i])
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, vals); err != nil {
			return fmt.Errorf("staffsheet: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("staffsheet: %w", err)
	}
	if err := writeNotes(f); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("staffsheet: write workbook: %w", err)
	}
	return nil
}

// notes are the rules of the import, after the columns' own lines.
var notes = []string{
	"第一行为表头，请勿修改表头文字；列的顺序可以调整，多余的列会被忽略。",
	"上传后先预览：哪些员工将新建、更新或保持不变，哪些行有错误及原因；确认后才写入。",
	"有错误的行不会导入，可下载「失败的行」修改后重新上传。",
	"手机号、单元格中的数字请按文本填写，以免开头的 0 或较长的数字被 Excel 改写。",
	"也可以上传 CSV（Excel「另存为 CSV」，UTF-8 或 GBK 均可）。",
}

func writeNotes(f *excelize.File) error {
	if _, err := f.NewSheet(SheetNotes); err != nil {
		return fmt.Errorf("staffsheet: %w", err)
	}
	set := func(cell string, v any) error {
		if err := f.SetCellValue(SheetNotes, cell, v); err != nil {
			return fmt.Errorf("staffsheet: %w", err)
		}
		return nil
	}
	if err := set("A1", "列"); err != nil {
		return err
	}
	if err := set("B1", "填写要求"); err != nil {
		return err
	}
	row := 2
	for _, c := range Columns {
		title := c.Title
		if c.Required {
			title += "（必填）"
		}
		if err := set(fmt.Sprintf("A%d", row), title); err != nil {
			return err
		}
		if err := set(fmt.Sprintf("B%d", row), c.Note); err != nil {
			return err
		}
		row++
	}
	row++
	for _, n := range notes {
		if err := set(fmt.Sprintf("A%d", row), n); err != nil {
			return err
		}
		row++
	}
	if err := f.SetColWidth(SheetNotes, "A", "A", 16); err != nil {
		return fmt.Errorf("staffsheet: %w", err)
	}
	if err := f.SetColWidth(SheetNotes, "B", "B", 90); err != nil {
		return fmt.Errorf("staffsheet: %w", err)
	}
	return nil
}

// WriteExport writes the current staff of the tenant in ctx (active and frozen, by name) to w in the template's
// shape, so the file can be edited and imported again: the departments as paths, main first. Errors are internal.
func WriteExport(ctx context.Context, dir Directory, w io.Writer) error {
	roster, err := dir.Roster(ctx)
	if err != nil {
		return err
	}
	deptByID, _, err := dir.DepartmentPaths(ctx)
	if err != nil {
		return err
	}
	branches, err := dir.Branches(ctx)
	if err != nil {
		return err
	}
	branchName := make(map[uint64]string, len(branches))
	for _, b := range branches {
		branchName[b.ID] = b.Name
	}
	slices.SortFunc(roster, func(a, b directory.RosterEntry) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	rows := make([][]string, 0, len(roster))
	for _, e := range roster {
		if e.Status == directory.StatusResigned {
			continue
		}
		depts := make([]string, 0, len(e.DepartmentIDs))
		for _, id := range e.DepartmentIDs {
			depts = append(depts, deptByID[id])
		}
		branch := ""
		if e.BranchID != nil {
			branch = branchName[*e.BranchID]
		}
		rows = append(rows, []string{e.Name, e.Login, deref(e.WeComUserID), deref(e.Mobile), deref(e.Email),
			strings.Join(depts, departmentListSeparators[0]), deref(e.Position), deref(e.EmployeeNo), branch})
	}
	if err := writeWorkbook(w, rows, nil); err != nil {
		return apperr.Wrap(err, apperr.Internal, "export staff")
	}
	return nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
