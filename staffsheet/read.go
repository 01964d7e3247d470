package staffsheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/qiao-hq/qiao/apperr"
)

// Row is one row of an uploaded sheet: its line number in the sheet (the header is line 1) and its cells by
// column, trimmed.
type Row struct {
	Line   int
	Values [len(ColumnKeys)]string
}

// ColumnKeys lists the column keys in Columns' order (Row.Values' order).
var ColumnKeys = [...]string{ColName, ColLogin, ColWeComUserID, ColMobile, ColEmail, ColDepartments, ColPosition,
	ColEmployeeNo, ColBranch}

// Get returns the cell of column key.
func (r Row) Get(key string) string { return r.Values[columnIndex[key]] }

// MaxRows bounds the rows of one upload (a company of 50,000 and some room).
const MaxRows = 100_000

func badFile(format string, args ...any) error { return apperr.InvalidField("file", format, args...) }

// Read reads the sheet in r, an xlsx or a csv file named name, calling each for every row under the header that is
// not blank, in order. The header names the columns (Columns' titles, a trailing * ignored); the required ones
// must be there. An xlsx is read from its first sheet that is not 填写须知, a row at a time; a csv may be UTF-8
// (with or without a BOM) or GB18030, as Excel saves it on a Chinese Windows. It returns invalid (Field "file")
// naming what is wrong with the file, or each's error.
func Read(r io.Reader, name string, each func(Row) error) error {
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx":
		return readXLSX(r, each)
	case ".csv":
		return readCSV(r, each)
	}
	return badFile("请上传 xlsx 或 csv 文件（下载的模板即是 xlsx）")
}

func readXLSX(r io.Reader, each func(Row) error) error {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return badFile("无法读取该 xlsx 文件：%v", err)
	}
	defer f.Close()
	sheet := ""
	for _, s := range f.GetSheetList() {
		if s != SheetNotes {
			sheet = s
			break
		}
	}
	if sheet == "" {
		return badFile("文件中没有员工表")
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return badFile("无法读取工作表 %s：%v", sheet, err)
	}
	defer rows.Close()
	return readLines(func() ([]string, error) {
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return nil, err
			}
			return nil, io.EOF
		}
		return rows.Columns()
	}, each)
}

func readCSV(r io.Reader, each func(Row) error) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return badFile("无法读取文件：%v", err)
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(raw) {
		if raw, err = simplifiedchinese.GB18030.NewDecoder().Bytes(raw); err != nil {
			return badFile("文件既不是 UTF-8 也不是 GBK 编码")
		}
	}
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.FieldsPerRecord = -1
	return readLines(cr.Read, each)
}

// readLines reads a sheet a line at a time from next (io.EOF at its end): the header, then every row.
func readLines(next func() ([]string, error), each func(Row) error) error {
	line := 0
	var idx []int
	for {
		cells, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		line++
		if err != nil {
			return badFile("第 %d 行无法读取：%v", line, err)
		}
		if idx == nil {
			if idx, err = header(cells); err != nil {
				return err
			}
			continue
		}
		if err := emit(line, cells, idx, each); err != nil {
			return err
		}
	}
	if idx == nil {
		return badFile("表格是空的：第一行应是表头")
	}
	return nil
}

// header maps each column (Columns' order) to its position among cells, -1 when absent; invalid naming the
// required columns that are missing.
func header(cells []string) ([]int, error) {
	idx := make([]int, len(Columns))
	for i := range idx {
		idx[i] = -1
	}
	for pos, c := range cells {
		title := strings.TrimSuffix(strings.TrimSpace(c), "*")
		for i, col := range Columns {
			if title == col.Title && idx[i] < 0 {
				idx[i] = pos
			}
		}
	}
	var missing []string
	for i, col := range Columns {
		if col.Required && idx[i] < 0 {
			missing = append(missing, col.Title)
		}
	}
	if len(missing) > 0 {
		return nil, badFile("第一行缺少列：%s（请使用下载的模板）", strings.Join(missing, "、"))
	}
	return idx, nil
}

// emit passes a row that is not blank to each.
func emit(line int, cells []string, idx []int, each func(Row) error) error {
	if line-1 > MaxRows {
		return badFile("一次最多导入 %d 行", MaxRows)
	}
	row := Row{Line: line}
	blank := true
	for i, pos := range idx {
		if pos >= 0 && pos < len(cells) {
			row.Values[i] = strings.TrimSpace(cells[pos])
			blank = blank && row.Values[i] == ""
		}
	}
	if blank {
		return nil
	}
	if err := each(row); err != nil {
		return fmt.Errorf("line %d: %w", line, err)
	}
	return nil
}
