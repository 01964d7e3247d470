package sim

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The import files are CSV in UTF-8 with a header row naming the columns
// (WeCom's template; columns it does not know are ignored, their order is
// free). Lists inside a cell (departments, per-department order and leader
// flags) are separated by ";".
var (
	userColumns = map[string]string{
		"姓名": "name", "帐号": "userid", "账号": "userid", "手机号": "mobile", "邮箱": "email",
		"所在部门": "department", "职位": "position", "性别": "gender", "是否部门内领导": "leader",
		"排序": "order", "别名": "alias", "禁用": "disable",
	}
	partyColumns = map[string]string{"部门名称": "name", "部门ID": "id", "父部门ID": "parentid", "排序": "order"}
)

// csvRow is one data row: every column the header named, by its key
// ("" when the cell is empty or missing).
type csvRow struct {
	cells map[string]string
}

// parseCSV reads an import file; required lists the column keys the
// header must have.
func parseCSV(data []byte, columns map[string]string, required []string) ([]csvRow, error) {
	if !utf8.Valid(data) {
		return nil, errors.New("the file is not UTF-8")
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, errors.New("the file has no header row")
	}
	keys := map[int]string{}
	seen := map[string]bool{}
	for i, h := range header {
		k := columns[strings.TrimSpace(h)]
		if k == "" {
			continue
		}
		if seen[k] {
			return nil, fmt.Errorf("column %q appears twice", strings.TrimSpace(h))
		}
		seen[k] = true
		keys[i] = k
	}
	for _, k := range required {
		if !seen[k] {
			return nil, fmt.Errorf("the header lacks a required column (%s)", k)
		}
	}
	var rows []csvRow
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		row := csvRow{cells: map[string]string{}}
		for _, k := range keys {
			row.cells[k] = ""
		}
		for i, v := range rec {
			if k, ok := keys[i]; ok {
				row.cells[k] = strings.TrimSpace(v)
			}
		}
		rows = append(rows, row)
	}
}

func splitCell(v string) []string {
	var out []string
	for p := range strings.SplitSeq(v, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseInts(v string) ([]int64, bool) {
	var out []int64
	for _, p := range splitCell(v) {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// applyUserRow overlays a member row on m. With overwrite (replaceuser, or
// a new member) empty cells clear their field; otherwise (syncuser on an
// existing member) they leave it. sim: WeCom says syncuser updates "the
// fields the file specifies" without saying what an empty cell means.
func applyUserRow(m *Member, cells map[string]string, overwrite bool) *apiError {
	before := slices.Clone(m.Department)
	for k, v := range cells {
		if v == "" && !overwrite {
			continue
		}
		switch k {
		case "name":
			m.Name = v
		case "mobile":
			m.Mobile = v
		case "email":
			m.Email = v
		case "position":
			m.Position = v
		case "alias":
			m.Alias = v
		case "department":
			ds, ok := parseInts(v)
			if !ok {
				return apiErr(60123, "invalid department id")
			}
			m.Department = ds
		case "order":
			os, ok := parseInts(v)
			if !ok {
				return apiErr(40058, "invalid parameter: order")
			}
			m.Order = os
		case "leader":
			ls, ok := parseInts(v)
			if !ok {
				return apiErr(40058, "invalid parameter: is_leader_in_dept")
			}
			m.IsLeaderInDept = nil
			for _, l := range ls {
				m.IsLeaderInDept = append(m.IsLeaderInDept, int(l))
			}
		case "gender":
			switch v {
			case "男", "1":
				m.Gender = "1"
			case "女", "2":
				m.Gender = "2"
			case "":
				m.Gender = ""
			default:
				return apiErr(40058, "invalid parameter: gender is 男 or 女")
			}
		case "disable":
			switch v {
			case "1":
				m.Enable = new(0)
			case "0", "":
				m.Enable = new(1)
			default:
				return apiErr(40058, "invalid parameter: 禁用 is 0 or 1")
			}
		}
	}
	m.fitDepartments(before)
	return nil
}

// importUserLocked applies one member row: an unknown userid is added, a
// known one updated.
func (c *corp) importUserLocked(row csvRow, replace bool) jobUserRow {
	id := row.cells["userid"]
	res := jobUserRow{UserID: id, ErrMsg: "ok"}
	fail := func(e *apiError) jobUserRow {
		res.ErrCode, res.ErrMsg = e.code, e.msg
		return res
	}
	if id == "" {
		return fail(apiErr(41009, "missing userid"))
	}
	u := c.users[strings.ToLower(id)]
	m := Member{UserID: id}
	if u != nil {
		m = u.member(true)
	}
	if e := applyUserRow(&m, row.cells, replace || u == nil); e != nil {
		return fail(e)
	}
	var e *apiError
	if u == nil {
		if len(m.Department) == 0 {
			return fail(apiErr(60127, "missing department"))
		}
		_, e = c.createUserLocked(m, true)
	} else {
		m.UserID = u.id
		_, e = c.updateUserLocked(u, m, true)
	}
	if e != nil {
		return fail(e)
	}
	return res
}

// orderParties sorts a replaceparty file so that a department comes after
// its parent when both are in the file; rows caught in a loop keep their
// place at the end (and fail on their parent).
func orderParties(rows []csvRow) []csvRow {
	pending := slices.Clone(rows)
	var out []csvRow
	for len(pending) > 0 {
		ids := map[string]bool{}
		for _, r := range pending {
			ids[r.cells["id"]] = true
		}
		var rest []csvRow
		for _, r := range pending {
			if p := r.cells["parentid"]; p != r.cells["id"] && ids[p] {
				rest = append(rest, r)
			} else {
				out = append(out, r)
			}
		}
		if len(rest) == len(pending) {
			return append(out, rest...)
		}
		pending = rest
	}
	return out
}

// importPartyLocked applies row i of a replaceparty file: a known
// department is updated (name, parent, and order unless empty or 0), an
// unknown one created.
func (c *corp) importPartyLocked(rows []csvRow, i int) jobPartyRow {
	cells := rows[i].cells
	id, okID := parseID(cells["id"])
	res := jobPartyRow{PartyID: id, ErrMsg: "ok"}
	fail := func(e *apiError) jobPartyRow {
		res.ErrCode, res.ErrMsg = e.code, e.msg
		return res
	}
	parent, okParent := parseID(cells["parentid"])
	var order int64
	if v := cells["order"]; v != "" {
		n, ok := parseID(v)
		if !ok {
			return fail(apiErr(40058, "invalid parameter: order"))
		}
		order = n
	}
	if !okID || id == 0 {
		return fail(apiErr(60123, "invalid department id"))
	}
	d := c.dir.depts[id]
	if d == nil {
		if !okParent {
			return fail(apiErr(60123, "invalid parent department id"))
		}
		if _, e := c.createDeptLocked(Department{ID: id, Name: cells["name"], ParentID: parent, Order: order}); e != nil {
			return fail(e)
		}
		res.Action = partyNew
		return res
	}
	in := deptUpdate{ID: id, Name: new(cells["name"])}
	if id != rootDepartment {
		if !okParent {
			return fail(apiErr(60123, "invalid parent department id"))
		}
		in.ParentID = &parent
	}
	if order != 0 {
		in.Order = &order
	}
	before := *d
	if _, e := c.updateDeptLocked(in); e != nil {
		return fail(e)
	}
	d.pendingDelete = false
	if before.name != d.name {
		res.Action |= partyRename
	}
	if before.parent != d.parent {
		res.Action |= partyMove
	}
	if before.order != d.order {
		res.Action |= partyReorder
	}
	return res
}
