package wecom

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// RootDepartment is the id of every corp's top department.
const RootDepartment int64 = 1

// Department is a department (部门) as CreateDepartment takes it and
// ListDepartments returns it.
type Department struct {
	// ID is WeCom's when 0 on create; otherwise an unused id above 1.
	ID int64
	// Name and NameEn are 1–64 characters without any of \:*?"<>|;
	// NameEn is optional.
	Name   string
	NameEn string
	// ParentID is the parent department; RootDepartment for top level.
	ParentID int64
	// Order sorts siblings, a larger value first; 0 to 2^32-1.
	Order int64
	// Leaders lists the members who lead it; set by ListDepartments and
	// GetDepartment only.
	Leaders []string
}

// DepartmentUpdate changes some fields of a department: nil fields stay.
// Build pointers with new(value).
type DepartmentUpdate struct {
	ID       int64
	Name     *string
	NameEn   *string
	ParentID *int64
	Order    *int64
}

// DepartmentRef is a department as ListDepartmentsSimple lists it.
type DepartmentRef struct {
	ID, ParentID, Order int64
}

type departmentWire struct {
	ID       int64    `json:"id,omitempty"`
	Name     string   `json:"name"`
	NameEn   string   `json:"name_en,omitempty"`
	ParentID int64    `json:"parentid"`
	Order    int64    `json:"order,omitempty"`
	Leaders  []string `json:"department_leader,omitempty"`
}

func (w departmentWire) department() Department {
	d := Department{ID: w.ID, Name: w.Name, NameEn: w.NameEn, ParentID: w.ParentID, Order: w.Order}
	if len(w.Leaders) > 0 {
		d.Leaders = w.Leaders
	}
	return d
}

// checkDeptName applies WeCom's department name rule.
func checkDeptName(name string) error {
	if n := utf8.RuneCountInString(name); n < 1 || n > 64 {
		return errors.New("department name must be 1-64 characters")
	}
	if strings.ContainsAny(name, `\:*?"<>|`) {
		return fmt.Errorf(`department name %q contains one of \:*?"<>|`, name)
	}
	return nil
}

func checkOrder(o int64) error {
	if o < 0 || o > math.MaxUint32 {
		return fmt.Errorf("order %d out of 0..2^32-1", o)
	}
	return nil
}

func (d Department) validate() error {
	if err := checkDeptName(d.Name); err != nil {
		return err
	}
	if d.NameEn != "" {
		if err := checkDeptName(d.NameEn); err != nil {
			return err
		}
	}
	if d.ParentID < 1 {
		return errors.New("a department needs a parent (RootDepartment for top level)")
	}
	if d.ID < 0 || d.ID == RootDepartment {
		return fmt.Errorf("invalid department id %d", d.ID)
	}
	return checkOrder(d.Order)
}

// CreateDepartment adds a department (POST /cgi-bin/department/create)
// and returns its id. It needs the contact-sync secret. WeCom errors
// include 60008 (a sibling has the name, or the id is taken) and 60123
// (unknown parent, CodeBadDepartment). An invalid d is rejected before any
// request is made.
func (c *Client) CreateDepartment(ctx context.Context, app App, d Department) (int64, error) {
	const api = "department/create"
	if err := d.validate(); err != nil {
		return 0, fmt.Errorf("wecom %s: %w", api, err)
	}
	r, err := post(api, departmentWire{ID: d.ID, Name: d.Name, NameEn: d.NameEn, ParentID: d.ParentID, Order: d.Order})
	if err != nil {
		return 0, err
	}
	var out struct {
		ID int64 `json:"id"`
	}
	if err := c.call(ctx, app, r, &out); err != nil {
		return 0, err
	}
	return out.ID, nil
}

// UpdateDepartment changes the fields d sets (POST
// /cgi-bin/department/update). It needs the contact-sync secret; 60003
// means no such department, 60010 a move under itself.
func (c *Client) UpdateDepartment(ctx context.Context, app App, d DepartmentUpdate) error {
	const api = "department/update"
	if d.ID < 1 {
		return fmt.Errorf("wecom %s: invalid department id %d", api, d.ID)
	}
	b := map[string]any{"id": d.ID}
	var err error
	if d.Name != nil {
		err = errors.Join(err, checkDeptName(*d.Name))
		b["name"] = *d.Name
	}
	if d.NameEn != nil {
		if *d.NameEn != "" {
			err = errors.Join(err, checkDeptName(*d.NameEn))
		}
		b["name_en"] = *d.NameEn
	}
	if d.ParentID != nil {
		if *d.ParentID < 1 || *d.ParentID == d.ID {
			err = errors.Join(err, fmt.Errorf("invalid parent %d", *d.ParentID))
		}
		b["parentid"] = *d.ParentID
	}
	if d.Order != nil {
		err = errors.Join(err, checkOrder(*d.Order))
		b["order"] = *d.Order
	}
	if err != nil {
		return fmt.Errorf("wecom %s: %w", api, err)
	}
	r, err := post(api, b)
	if err != nil {
		return err
	}
	return c.call(ctx, app, r, nil)
}

// DeleteDepartment removes a department (GET /cgi-bin/department/delete).
// WeCom refuses the root (60007), a department with sub-departments
// (60006) or with members (60005). It needs the contact-sync secret.
func (c *Client) DeleteDepartment(ctx context.Context, app App, id int64) error {
	const api = "department/delete"
	if id < 1 {
		return fmt.Errorf("wecom %s: invalid department id %d", api, id)
	}
	return c.call(ctx, app, get(api, url.Values{"id": {strconv.FormatInt(id, 10)}}), nil)
}

// GetDepartment reads one department (GET /cgi-bin/department/get).
func (c *Client) GetDepartment(ctx context.Context, app App, id int64) (Department, error) {
	const api = "department/get"
	if id < 1 {
		return Department{}, fmt.Errorf("wecom %s: invalid department id %d", api, id)
	}
	var out struct {
		Department departmentWire `json:"department"`
	}
	if err := c.call(ctx, app, get(api, url.Values{"id": {strconv.FormatInt(id, 10)}}), &out); err != nil {
		return Department{}, err
	}
	return out.Department.department(), nil
}

func listQuery(id int64) url.Values {
	if id == 0 {
		return nil
	}
	return url.Values{"id": {strconv.FormatInt(id, 10)}}
}

// ListDepartments lists a department and everything below it (GET
// /cgi-bin/department/list), or with id 0 every department the secret may
// see. WeCom stopped serving it to contact-sync IPs added after
// 2022-08-15; ListDepartmentsSimple still works.
func (c *Client) ListDepartments(ctx context.Context, app App, id int64) ([]Department, error) {
	const api = "department/list"
	if id < 0 {
		return nil, fmt.Errorf("wecom %s: invalid department id %d", api, id)
	}
	var out struct {
		Department []departmentWire `json:"department"`
	}
	if err := c.call(ctx, app, get(api, listQuery(id)), &out); err != nil {
		return nil, err
	}
	ds := make([]Department, len(out.Department))
	for i, w := range out.Department {
		ds[i] = w.department()
	}
	return ds, nil
}

// ListDepartmentsSimple is ListDepartments with ids, parents and orders
// only (GET /cgi-bin/department/simplelist).
func (c *Client) ListDepartmentsSimple(ctx context.Context, app App, id int64) ([]DepartmentRef, error) {
	const api = "department/simplelist"
	if id < 0 {
		return nil, fmt.Errorf("wecom %s: invalid department id %d", api, id)
	}
	var out struct {
		DepartmentID []struct {
			ID       int64 `json:"id"`
			ParentID int64 `json:"parentid"`
			Order    int64 `json:"order"`
		} `json:"department_id"`
	}
	if err := c.call(ctx, app, get(api, listQuery(id)), &out); err != nil {
		return nil, err
	}
	refs := make([]DepartmentRef, len(out.DepartmentID))
	for i, d := range out.DepartmentID {
		refs[i] = DepartmentRef{ID: d.ID, ParentID: d.ParentID, Order: d.Order}
	}
	return refs, nil
}
